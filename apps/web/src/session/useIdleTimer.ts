import { useEffect, useRef, useState } from 'react';

const ACTIVITY = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

/**
 * Counts time without use (pointer, keyboard, wheel, touch). Returns the seconds left once the
 * warning period has begun (null before), and calls onIdle when the time is up.
 * The warning starts a minute before the end (a quarter of the time for very short limits).
 */
export function useIdleTimer(
  enabled: boolean,
  idleMinutes: number,
  onIdle: () => void,
): { secondsLeft: number | null; reset(): void } {
  const last = useRef(Date.now());
  const [secondsLeft, setSecondsLeft] = useState<number | null>(null);
  const onIdleRef = useRef(onIdle);
  onIdleRef.current = onIdle;

  useEffect(() => {
    if (!enabled) return;
    last.current = Date.now();
    setSecondsLeft(null);
    const idleMs = idleMinutes * 60_000;
    const warnMs = Math.min(60_000, idleMs / 4);
    const touch = () => {
      last.current = Date.now();
    };
    for (const event of ACTIVITY) window.addEventListener(event, touch, { passive: true, capture: true });
    const timer = window.setInterval(() => {
      const left = idleMs - (Date.now() - last.current);
      if (left <= 0) {
        window.clearInterval(timer);
        setSecondsLeft(null);
        onIdleRef.current();
      } else {
        setSecondsLeft(left <= warnMs ? Math.ceil(left / 1000) : null);
      }
    }, 1000);
    return () => {
      window.clearInterval(timer);
      for (const event of ACTIVITY) window.removeEventListener(event, touch, { capture: true });
    };
  }, [enabled, idleMinutes]);

  return {
    secondsLeft,
    reset() {
      last.current = Date.now();
      setSecondsLeft(null);
    },
  };
}
