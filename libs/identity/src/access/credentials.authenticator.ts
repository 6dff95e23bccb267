import { Injectable } from '@nestjs/common';
import { UnauthenticatedError } from '@app/platform';
import { Strategy as LocalStrategy } from 'passport-local';
import { AuthService, VerifiedAccount } from '../sessions/auth.service';
import { runStrategy } from './passport-runner';

/** Email and password from the JSON body, checked by passport-local through AuthService. */
@Injectable()
export class CredentialsAuthenticator {
  private readonly strategy: LocalStrategy;

  constructor(auth: AuthService) {
    this.strategy = new LocalStrategy({ usernameField: 'email', passwordField: 'password', session: false }, (email, password, done) => {
      auth.verifyCredentials(email, password).then(
        (account) => done(null, account),
        (error) => done(error),
      );
    });
  }

  async authenticate(request: unknown): Promise<VerifiedAccount> {
    const account = await runStrategy<VerifiedAccount>(this.strategy, request);
    if (!account) throw new UnauthenticatedError('The email or password is incorrect.');
    return account;
  }
}
