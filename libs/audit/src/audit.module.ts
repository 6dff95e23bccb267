import { Global, Module } from '@nestjs/common';
import { AuditRecorder } from './recording/audit-recorder';

@Global()
@Module({
  providers: [AuditRecorder],
  exports: [AuditRecorder],
})
export class AuditModule {}
