import { InvalidEnvironmentError, validateEnvironment } from '@app/platform';
import { ConsultationsConfig, consultationsConfig } from '../consultations.config';
import { ImmediateDangerAdviceProvider } from './immediate-danger-advice';

const providerWith = (env: Record<string, string>) =>
  new ImmediateDangerAdviceProvider(new ConsultationsConfig(validateEnvironment(env, [consultationsConfig])));

describe('ImmediateDangerAdviceProvider', () => {
  it('tells people to call 112 and lists the national support line and the service centre by default', () => {
    const advice = providerWith({}).get();
    expect(advice.emergencyNumber).toBe('112');
    expect(advice.message).toMatch(/call 112 now/);
    expect(advice.resources).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ phone: '020-390 000' }),
        expect.objectContaining({ name: expect.stringMatching(/citizen service centre/) }),
      ]),
    );
  });

  it('takes the number, the text and the directory from configuration', () => {
    const advice = providerWith({
      EMERGENCY_NUMBER: '911',
      IMMEDIATE_DANGER_ADVICE: 'Ring {emergencyNumber} at once, then {emergencyNumber} again.',
      REFERRAL_RESOURCES: JSON.stringify([
        { name: 'Kvinnofridslinjen', phone: '020-50 50 50', url: 'https://example.se' },
      ]),
    }).get();
    expect(advice).toEqual({
      message: 'Ring 911 at once, then 911 again.',
      emergencyNumber: '911',
      resources: [{ name: 'Kvinnofridslinjen', phone: '020-50 50 50', url: 'https://example.se' }],
    });
  });

  it('hands out copies, so a caller cannot change the advice for everyone', () => {
    const provider = providerWith({});
    const first = provider.get();
    first.resources[0].name = 'changed';
    first.resources.pop();
    expect(provider.get().resources[0].name).not.toBe('changed');
    expect(provider.get().resources).toHaveLength(3);
  });

  it.each([
    ['not JSON', 'not json'],
    ['an object instead of an array', '{"name":"x"}'],
    ['an entry without a name', '[{"phone":"112"}]'],
    ['an unknown field', '[{"name":"x","fax":"1"}]'],
    ['a number for a phone', '[{"name":"x","phone":112}]'],
  ])('refuses to start with REFERRAL_RESOURCES that is %s', (_what, value) => {
    expect(() => validateEnvironment({ REFERRAL_RESOURCES: value }, [consultationsConfig])).toThrow(InvalidEnvironmentError);
    expect(() => validateEnvironment({ REFERRAL_RESOURCES: value }, [consultationsConfig])).toThrow(/REFERRAL_RESOURCES/);
  });
});
