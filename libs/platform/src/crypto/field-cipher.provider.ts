import type { Provider } from '@nestjs/common';
import { AppConfig } from '../config/app-config.service';
import { FieldCipher, parseEncryptionKeys } from './field-cipher';

/** FieldCipher over the ENCRYPTION_KEYS ring, for the modules that encrypt fields (case text, second-factor secrets). */
export const fieldCipherProvider: Provider = {
  provide: FieldCipher,
  inject: [AppConfig],
  useFactory: (config: AppConfig) => new FieldCipher(parseEncryptionKeys(config.get('ENCRYPTION_KEYS'))),
};
