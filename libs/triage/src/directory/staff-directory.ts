import { Injectable } from '@nestjs/common';
import { Role, UsersService } from '@app/identity';

const PAGE = 100;

/** Who is on the staff, through the identity service (never its tables). */
@Injectable()
export class StaffDirectory {
  constructor(private readonly users: UsersService) {}

  /** Ids of every active account with `role`. Staff lists are short; this pages through them all. */
  async activeIds(role: Role): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.users.list({ role, active: true }, { limit: PAGE, cursor });
      ids.push(...page.items.map((user) => user.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    return ids;
  }
}
