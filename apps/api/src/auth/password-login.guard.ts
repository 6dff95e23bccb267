import { CanActivate, createParamDecorator, ExecutionContext, Injectable } from '@nestjs/common';
import { CredentialsAuthenticator, VerifiedAccount } from '@app/identity';
import { createValidationPipe } from '@app/platform';
import { LoginDto } from './auth.dto';

type LoginRequest = { body: unknown; verifiedAccount?: VerifiedAccount };

/**
 * Checks email and password with passport-local on POST /auth/login. Guards run before pipes, so
 * the body is validated here first: a missing field is a 400, not a 401.
 */
@Injectable()
export class PasswordLoginGuard implements CanActivate {
  private readonly validation = createValidationPipe();

  constructor(private readonly credentials: CredentialsAuthenticator) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<LoginRequest>();
    await this.validation.transform(request.body, { type: 'body', metatype: LoginDto });
    request.verifiedAccount = await this.credentials.authenticate(request);
    return true;
  }
}

/** The account PasswordLoginGuard verified. */
export const VerifiedLogin = createParamDecorator(
  (_: unknown, context: ExecutionContext): VerifiedAccount =>
    context.switchToHttp().getRequest<LoginRequest>().verifiedAccount as VerifiedAccount,
);
