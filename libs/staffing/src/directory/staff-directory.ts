import { Injectable } from '@nestjs/common';
import { Role, UserDirectory, UserStatus } from '@app/identity';

const PAGE = 100;

export interface StaffMember {
  id: string;
  displayName: string;
  /** `invited`: has not accepted the invitation yet, so cannot log in. */
  status: UserStatus;
}

/** Who is on the staff, through the identity service (never its tables). */
@Injectable()
export class StaffDirectory {
  constructor(private readonly users: UserDirectory) {}

  /** Ids of every active account with `role`. */
  async activeIds(role: Role): Promise<string[]> {
    return (await this.active(role)).map((person) => person.id);
  }

  /** Every active account with `role`, id and display name. Staff lists are short; this pages through them all. */
  async active(role: Role): Promise<StaffMember[]> {
    const people: StaffMember[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.users.list({ role, active: true }, { limit: PAGE, cursor });
      people.push(
        ...page.items.map((user) => ({ id: user.id, displayName: user.displayName, status: user.status })),
      );
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    return people;
  }
}
