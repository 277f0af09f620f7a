import t from 'tap';
import {
  findProvince,
  findWard,
  listProvinces,
  listWards,
  matchProvince,
  matchWard,
  provinceQrCity,
} from '../../src/admin-units/index.js';

t.test('the 2025 list: 34 provinces and 3,321 wards with the official codes', async (t) => {
  t.equal(listProvinces().length, 34);
  t.equal(
    listProvinces().reduce((n, p) => n + listWards(p.code).length, 0),
    3321,
  );
  t.equal(new Set(listProvinces().map((p) => p.code)).size, 34, 'codes are unique');
  t.match(findProvince('04'), {
    name: 'Tỉnh Cao Bằng',
    shortName: 'Cao Bằng',
    kind: 'province',
    asciiName: 'Cao Bang',
  });
  t.match(findProvince('96'), { name: 'Tỉnh Cà Mau', shortName: 'Cà Mau' });
  t.match(findProvince('01'), { shortName: 'Hà Nội', kind: 'city' });
  t.match(findProvince('79'), { shortName: 'Hồ Chí Minh', kind: 'city' });
  t.equal(findProvince('02'), null, 'Hà Giang (02) merged into Tuyên Quang in 2025');
  t.same(findWard('01273'), { code: '01273', name: 'Phường Thục Phán', kind: 'ward', province: '04' });
  t.ok(
    listWards('04').every((w) => w.province === '04'),
    'a province lists only its own wards',
  );
  t.same(listWards('99'), []);
  for (const p of listProvinces()) t.ok(listWards(p.code).length > 0, `${p.shortName} has wards`);
  for (const w of listWards('96')) t.match(w.code, /^[0-9]{5}$/);
});

t.test('matchWard accepts the ways people write a ward', async (t) => {
  for (const input of [
    'Phường Thục Phán',
    'thuc phan',
    'THỤC PHÁN',
    'P. Thục Phán',
    'P.Thục Phán',
    'phuong thuc phan',
    '  Thục   Phán ',
    'Thục Phán'.normalize('NFD'),
    '01273',
  ]) {
    t.equal(matchWard(input, '04')?.code, '01273', `${JSON.stringify(input)} in Cao Bằng`);
    t.equal(matchWard(input)?.code, '01273', `${JSON.stringify(input)} nationwide`);
  }
  t.equal(matchWard('Xã Hòa An', '04')?.name, 'Xã Hòa An');
  t.equal(matchWard('x. hoa an', '04')?.name, 'Xã Hòa An');
  t.equal(matchWard('Tân Giang', '04')?.code, '01288');
  // a name that begins like a prefix: "Xà Phiên" folds to "xa phien", and is not "Xã Phiên"
  t.equal(matchWard('Xà Phiên')?.name, 'Xã Xà Phiên');
  t.equal(matchWard('Xã Xà Phiên')?.name, 'Xã Xà Phiên');
  // curly and straight apostrophes, and both placements of the tone mark
  t.equal(matchWard("Xã Ea H'Leo")?.code, '24184');
  t.equal(matchWard('Thuận Hòa', findWard('00922')!.province)?.code, '00922');
});

t.test('matchWard refuses anything else', async (t) => {
  for (const input of [
    'Thuc Phan Ward 2',
    '0912345678',
    '',
    '   ',
    'Phường',
    'Phường Không Có Thật',
    '1273',
    '01273x',
    '99999',
  ])
    t.equal(matchWard(input, '04'), null, `${JSON.stringify(input)} is refused`);
  t.equal(matchWard('Phường Thục Phán', '96'), null, 'a ward of another province');
  t.equal(matchWard('01273', '96'), null, 'a code of another province');
  t.equal(matchWard('Hòa An'), null, 'ambiguous nationwide (more than one Hòa An)');
  t.ok(matchWard('Hòa An', '04'), 'but one in Cao Bằng');
});

t.test('matchProvince takes the code or the name', async (t) => {
  for (const input of ['04', 'Cao Bằng', 'cao bang', 'Tỉnh Cao Bằng', 'TỈNH CAO BẰNG'])
    t.equal(matchProvince(input)?.code, '04', input);
  for (const input of ['Thành phố Hồ Chí Minh', 'TP. Hồ Chí Minh', 'tp ho chi minh', 'TP HCM', '79'])
    t.equal(matchProvince(input)?.code, '79', input);
  for (const input of ['', 'Hà Giang', '02', 'Cao Bang Province', '0912345678']) t.equal(matchProvince(input), null);
});

t.test('provinceQrCity is ASCII upper case, at most 15 characters, for all 34', async (t) => {
  t.equal(provinceQrCity('04'), 'CAO BANG');
  t.equal(provinceQrCity('96'), 'CA MAU');
  t.equal(provinceQrCity('79'), 'HO CHI MINH');
  t.equal(provinceQrCity('48'), 'DA NANG');
  t.equal(provinceQrCity('00'), null);
  for (const p of listProvinces()) {
    const city = provinceQrCity(p.code)!;
    t.match(city, /^[A-Z0-9 ]{1,15}$/, `${p.shortName} → ${city}`);
  }
});
