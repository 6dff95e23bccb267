import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Locale, LOCALES } from '@app/identity';
import { EmailPreferences, NotificationPreferencesView } from '@app/mail';
import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsIn, IsObject, IsOptional, ValidateNested } from 'class-validator';

/** Which events reach you by email. Mails name only the kind of event and the reference, with a link. */
export class EmailPreferencesDto {
  @ApiProperty({
    description: 'A new critical request (on-duty investigators; supervisors when nobody is on duty).',
  })
  @IsDefined()
  @IsBoolean()
  newCritical: boolean;

  @ApiProperty({ description: 'A request assigned to you.' })
  @IsDefined()
  @IsBoolean()
  assigned: boolean;

  @ApiProperty({ description: 'A request nobody has taken is near or past its deadline (supervisors).' })
  @IsDefined()
  @IsBoolean()
  slaBreach: boolean;

  @ApiProperty({ description: 'A new message from the other side of a request you take part in.' })
  @IsDefined()
  @IsBoolean()
  message: boolean;
}

export class UpdateNotificationPreferencesDto {
  @ApiProperty({ type: EmailPreferencesDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => EmailPreferencesDto)
  email: EmailPreferencesDto;

  @ApiPropertyOptional({ enum: LOCALES, description: 'The language of your mails. Unchanged when left out.' })
  @IsOptional()
  @IsIn(LOCALES)
  locale?: Locale;
}

export class NotificationPreferencesDto {
  @ApiProperty({ type: EmailPreferencesDto, description: 'Every kind is on until you turn it off.' })
  email: EmailPreferencesDto;

  @ApiProperty({
    enum: LOCALES,
    description: 'The language of your mails (Swedish unless you chose English).',
  })
  locale: Locale;

  static of(view: NotificationPreferencesView): NotificationPreferencesDto {
    const email: EmailPreferences = view.email;
    return {
      email: {
        newCritical: email.newCritical,
        assigned: email.assigned,
        slaBreach: email.slaBreach,
        message: email.message,
      },
      locale: view.locale,
    };
  }
}
