import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Page, PageRequest } from '@app/platform';
import { Locale, MailContact, User, UserFilter } from './user';
import { UsersRepository } from './users.repository';

/**
 * Account lookups for other features (consultations, triage, mail), in the worker as in the API:
 * none of them audits, and none needs login, sessions or account administration (UsersService).
 */
@Injectable()
export class UserDirectory {
  constructor(private readonly users: UsersRepository) {}

  /** A page of accounts (e.g. the staff directory), not audited. */
  list(filter: UserFilter, page: PageRequest): Promise<Page<User>> {
    return this.users.list(filter, page);
  }

  /** The account, active or not, or null (e.g. assigning an investigator). */
  findById(id: string): Promise<User | null> {
    return this.users.findById(id);
  }

  /** Display names by id for a list naming the people it points at; unknown ids left out. */
  displayNames(ids: readonly string[], manager?: EntityManager): Promise<Map<string, string>> {
    return this.users.displayNames([...new Set(ids)], manager);
  }

  /** For the mail path: an account's address, language and whether it is active, or null. */
  findMailContact(id: string): Promise<MailContact | null> {
    return this.users.findMailContact(id);
  }

  /** The language of an account's mails (null: no such account). */
  findLocale(id: string, manager?: EntityManager): Promise<Locale | null> {
    return this.users.findLocale(id, manager);
  }

  /** Sets the language of an account's mails in the caller's transaction (the caller audits). */
  setLocale(id: string, locale: Locale, manager: EntityManager): Promise<boolean> {
    return this.users.setLocale(id, locale, manager);
  }
}
