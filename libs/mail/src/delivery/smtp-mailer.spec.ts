import { classifySendError } from './smtp-mailer';

describe('classifySendError', () => {
  it('treats a 5xx answer to the envelope or the data as permanent', () => {
    expect(classifySendError({ code: 'EENVELOPE', responseCode: 550 })).toEqual({
      code: 'EENVELOPE',
      smtpCode: 550,
      permanent: true,
    });
    expect(classifySendError({ code: 'EMESSAGE', responseCode: 554 }).permanent).toBe(true);
  });

  it('retries 4xx answers, lost connections, timeouts and a refused login', () => {
    expect(classifySendError({ code: 'EENVELOPE', responseCode: 451 }).permanent).toBe(false);
    expect(classifySendError({ code: 'ECONNECTION' }).permanent).toBe(false);
    expect(classifySendError({ code: 'ETIMEDOUT' }).permanent).toBe(false);
    expect(classifySendError({ code: 'EAUTH', responseCode: 535 }).permanent).toBe(false);
  });

  it('keeps only a plain code, never a message that could carry an address', () => {
    expect(classifySendError(new Error('boom someone@example.com'))).toEqual({
      code: 'EUNKNOWN',
      smtpCode: null,
      permanent: false,
    });
    expect(classifySendError({ code: 'x@example.com' }).code).toBe('EUNKNOWN');
    expect(classifySendError(undefined).code).toBe('EUNKNOWN');
  });
});
