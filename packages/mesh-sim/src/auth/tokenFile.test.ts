import { describe, expect, it } from 'vitest';
import { parseTokenFile } from './tokenFile.ts';

describe('parseTokenFile (--token-auth-file)', () => {
  it('reads token, user, uid and quoted groups', () => {
    expect(
      parseTokenFile(
        [
          'alice-token,alice,1001,"bookinfo-editors,devs"',
          '',
          'bob-token,bob,1002',
          'carol-token, carol ,,',
          'admin-token,admin,1,system:masters',
          ',ghost,3',
          'q-token,"quo""ted",4,"a"',
        ].join('\n'),
      ),
    ).toEqual([
      { token: 'alice-token', user: 'alice', uid: '1001', groups: ['bookinfo-editors', 'devs'] },
      { token: 'bob-token', user: 'bob', uid: '1002' },
      { token: 'carol-token', user: 'carol ' },
      { token: 'admin-token', user: 'admin', uid: '1', groups: ['system:masters'] },
      { token: 'q-token', user: 'quo"ted', uid: '4', groups: ['a'] },
    ]);
  });
  it('accepts CRLF line ends', () => {
    expect(parseTokenFile('t1,u1,1\r\nt2,u2,2\r\n')).toHaveLength(2);
  });
  it.each([
    ['t1,u1', 'token file line 1: must have at least 3 columns (token, user name, user uid), found 2'],
    ['ok,u,1\nt2', 'token file line 2: must have at least 3 columns (token, user name, user uid), found 1'],
    ['t,u,1,"g1,g2', 'token file line 1: unterminated quoted field'],
    ['t,u,1,"g"x', 'token file line 1: extraneous text after a quoted field'],
  ])('refuses %j', (text, message) => {
    expect(() => parseTokenFile(text)).toThrow(message);
  });
});
