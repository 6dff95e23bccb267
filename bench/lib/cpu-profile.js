'use strict';
/**
 * Preloaded (`node -r bench/lib/cpu-profile.js ...`) into the API and the baseline when the bench
 * runs with --profile. The first SIGWINCH starts V8's sampling profiler, the second stops it and
 * writes BENCH_PROFILE_DIR/BENCH_PROFILE_NAME.cpuprofile (open it in Chrome DevTools, or run
 * `node bench/lib/profile-summary.js <file>`). Unlike --cpu-prof it needs no clean exit and covers
 * only the measured windows, not start-up.
 */
const fs = require('node:fs');
const inspector = require('node:inspector');
const path = require('node:path');

let session = null;
// SIGWINCH, not SIGUSR2: Nest's enableShutdownHooks() shuts the app down on SIGUSR2, and SIGWINCH
// is ignored by default, so a process without this hook is not harmed by it.
process.on('SIGWINCH', () => {
  if (!session) {
    session = new inspector.Session();
    session.connect();
    session.post('Profiler.enable', () =>
      session.post('Profiler.setSamplingInterval', { interval: 250 }, () => session.post('Profiler.start')),
    );
    return;
  }
  const current = session;
  session = null;
  current.post('Profiler.stop', (error, result) => {
    if (!error && result) {
      const file = path.join(
        process.env.BENCH_PROFILE_DIR || '.',
        `${process.env.BENCH_PROFILE_NAME || process.pid}.cpuprofile`,
      );
      fs.writeFileSync(file, JSON.stringify(result.profile));
    }
    current.disconnect();
  });
});
