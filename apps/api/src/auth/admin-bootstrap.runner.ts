import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { AdminBootstrap } from '@app/identity';

/** At API start: the first admin from BOOTSTRAP_ADMIN_EMAIL/PASSWORD when no active admin exists (api.md "First admin"). */
@Injectable()
export class AdminBootstrapRunner implements OnApplicationBootstrap {
  constructor(private readonly bootstrap: AdminBootstrap) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.bootstrap.ensureAdmin();
  }
}
