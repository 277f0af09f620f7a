import type { Category, NewMerchant } from '../merchants/index.js';

/**
 * The demo street: Kim Đồng walking street, Cao Bằng, as a newcomer would find it on a Saturday evening. Everything
 * here is made up (names, accounts, tax codes) but shaped like the real thing, and deterministic: the same street
 * comes out on every machine, so screenshots and tests can rely on it.
 */

/** A dish or product a stall sells: name, VAT-inclusive unit price (VND) and unit. */
export type MenuItem = readonly [name: string, unitPrice: number, unit: string];

export interface DemoStall {
  name: string;
  category: Category;
  menu: readonly MenuItem[];
}

const s = (name: string, category: Category, ...menu: MenuItem[]): DemoStall => ({ name, category, menu });

export const DEMO_STALLS: readonly DemoStall[] = [
  s(
    'Bánh cuốn Bà Hoa',
    'food',
    ['Bánh cuốn canh', 30_000, 'bát'],
    ['Bánh cuốn trứng', 35_000, 'đĩa'],
    ['Chả cuốn thêm', 10_000, 'phần'],
  ),
  s('Phở chua Cao Bằng', 'food', ['Phở chua', 40_000, 'bát'], ['Phở chua vịt quay', 50_000, 'bát']),
  s('Hạt dẻ Trùng Khánh', 'specialties', ['Hạt dẻ rang', 60_000, 'túi 500g'], ['Hạt dẻ sống', 120_000, 'kg']),
  s('Trà mận Bảo Lạc', 'drinks', ['Trà mận', 25_000, 'cốc'], ['Trà mận hạt chia', 30_000, 'cốc']),
  s('Thổ cẩm Tày Nùng', 'clothing', ['Khăn thổ cẩm', 150_000, 'chiếc'], ['Túi thổ cẩm', 180_000, 'chiếc']),
  s('Miến dong Nguyên Bình', 'specialties', ['Miến dong', 70_000, 'kg'], ['Miến dong gói quà', 120_000, 'hộp']),
  s('Lạp sườn hun khói', 'specialties', ['Lạp sườn hun khói', 180_000, 'kg'], ['Lạp sườn nướng', 30_000, 'xiên']),
  s('Bánh áo (bánh trứng kiến)', 'food', ['Bánh trứng kiến', 10_000, 'cái'], ['Bánh áo nhân đỗ', 8_000, 'cái']),
  s('Khâu nhục Cô Lan', 'food', ['Khâu nhục', 60_000, 'suất'], ['Cơm lam', 15_000, 'ống']),
  s(
    'Vịt quay 7 vị',
    'food',
    ['Vịt quay 7 vị (nửa con)', 180_000, 'nửa con'],
    ['Vịt quay suất', 50_000, 'suất'],
    ['Cơm lam', 15_000, 'ống'],
  ),
  s('Nước mía Sầu Riêng', 'drinks', ['Nước mía', 15_000, 'cốc'], ['Nước mía quất', 20_000, 'cốc']),
  s('Trà sữa Phố Núi', 'drinks', ['Trà sữa trân châu', 30_000, 'cốc'], ['Trà sữa nướng', 35_000, 'cốc']),
  s(
    'Quà lưu niệm Non Nước',
    'souvenirs',
    ['Móc khóa Thác Bản Giốc', 20_000, 'chiếc'],
    ['Bưu thiếp Non Nước Cao Bằng', 15_000, 'bộ'],
    ['Nam châm tủ lạnh', 30_000, 'chiếc'],
  ),
  s('Áo chàm Dao Đỏ', 'clothing', ['Áo chàm thêu tay', 350_000, 'chiếc'], ['Khăn đội đầu Dao Đỏ', 120_000, 'chiếc']),
  s('Xôi ngũ sắc Tày', 'food', ['Xôi ngũ sắc', 20_000, 'gói'], ['Xôi ngũ sắc thịt hun khói', 35_000, 'gói']),
  s('Cháo nhộng ong Hà Quảng', 'food', ['Cháo nhộng ong', 35_000, 'bát']),
  s('Bánh pẻng phạ', 'food', ['Bánh pẻng phạ (bánh trôi Tày)', 20_000, 'bát'], ['Bánh coóng phù', 20_000, 'bát']),
  s(
    'Cà phê Phố Núi',
    'drinks',
    ['Cà phê nâu đá', 25_000, 'cốc'],
    ['Cà phê trứng', 35_000, 'cốc'],
    ['Bạc xỉu', 30_000, 'cốc'],
  ),
  s(
    'Mật ong bạc hà Hà Quảng',
    'specialties',
    ['Mật ong bạc hà', 250_000, 'chai 500ml'],
    ['Mật ong bạc hà nhỏ', 130_000, 'chai 250ml'],
  ),
  s('Bánh khảo Hòa An', 'specialties', ['Bánh khảo', 40_000, 'gói'], ['Bánh khảo hộp quà', 90_000, 'hộp']),
  s('Nem nướng Hợp Giang', 'food', ['Nem nướng', 10_000, 'xiên'], ['Bánh mì nem nướng', 25_000, 'chiếc']),
  s('Bánh cuốn canh Cô Mai', 'food', ['Bánh cuốn canh thịt', 30_000, 'bát'], ['Bánh cuốn canh trứng', 35_000, 'bát']),
  s('Hương Phja Thắp', 'crafts', ['Hương trầm Phja Thắp', 50_000, 'bó'], ['Hương vòng', 30_000, 'hộp']),
  s('Dao rèn Phúc Sen', 'crafts', ['Dao thái Phúc Sen', 180_000, 'chiếc'], ['Kéo rèn tay', 120_000, 'chiếc']),
  s('Nước chanh leo Kim Đồng', 'drinks', ['Nước chanh leo', 20_000, 'cốc'], ['Sinh tố chanh leo', 30_000, 'cốc']),
  s('Trứng nướng Phố Đi Bộ', 'food', ['Trứng gà nướng', 10_000, 'quả'], ['Trứng vịt lộn nướng', 12_000, 'quả']),
  s('Ngô nướng, khoai nướng', 'food', ['Ngô nếp nướng', 15_000, 'bắp'], ['Khoai lang nướng', 15_000, 'củ']),
  s('Pá pỉnh tộp (cá nướng Tày)', 'food', ['Cá nướng pá pỉnh tộp', 80_000, 'con'], ['Xôi trắng', 10_000, 'gói']),
  s(
    'Thịt trâu gác bếp',
    'specialties',
    ['Thịt trâu gác bếp', 900_000, 'kg'],
    ['Thịt trâu gác bếp gói nhỏ', 200_000, 'gói 200g'],
  ),
  s(
    'Rượu ngô men lá Bảo Lâm',
    'specialties',
    ['Rượu ngô men lá', 80_000, 'chai 1 lít'],
    ['Rượu ngô bình quà', 250_000, 'bình'],
  ),
  s('Quýt Trà Lĩnh', 'specialties', ['Quýt Trà Lĩnh', 50_000, 'kg'], ['Quýt Trà Lĩnh hộp quà', 150_000, 'hộp']),
  s('Mắc mật Thạch An', 'specialties', ['Quả mắc mật', 40_000, 'kg'], ['Lá mắc mật khô', 30_000, 'gói']),
  s('Thạch đen Thạch An', 'drinks', ['Thạch đen', 15_000, 'cốc'], ['Thạch đen gói khô', 60_000, 'gói']),
  s('Sữa đậu nành nóng', 'drinks', ['Sữa đậu nành', 10_000, 'cốc'], ['Tào phớ', 15_000, 'bát']),
  s('Bánh chưng đen Bảo Lạc', 'food', ['Bánh chưng đen', 40_000, 'chiếc'], ['Bánh chưng gù', 35_000, 'chiếc']),
  s('Chè dây Cao Bằng', 'specialties', ['Chè dây', 90_000, 'gói 500g']),
  s('Trà xanh Phja Đén', 'specialties', ['Trà xanh Phja Đén', 150_000, 'gói 200g'], ['Trà xanh ấm', 15_000, 'cốc']),
  s('Gạo nếp Pì Pất', 'specialties', ['Gạo nếp Pì Pất', 45_000, 'kg'], ['Gạo nếp túi quà', 120_000, 'túi 3kg']),
  s('Lê Đông Khê', 'specialties', ['Lê Đông Khê', 60_000, 'kg']),
  s('Quà lưu niệm Bản Giốc', 'souvenirs', ['Tranh Thác Bản Giốc', 150_000, 'bức'], ['Móc khóa gỗ', 25_000, 'chiếc']),
  s('Quà lưu niệm Pác Bó', 'souvenirs', ['Bưu thiếp Pác Bó', 15_000, 'bộ'], ['Cốc in hình Pác Bó', 80_000, 'chiếc']),
  s('Đàn tính Tày', 'crafts', ['Đàn tính mini lưu niệm', 250_000, 'chiếc'], ['Đàn tính biểu diễn', 1_200_000, 'chiếc']),
  s('Giấy bản Dao Tiền', 'crafts', ['Giấy bản thủ công', 40_000, 'tập'], ['Sổ tay giấy bản', 90_000, 'cuốn']),
  s('Mây tre đan Quảng Hòa', 'crafts', ['Giỏ mây', 120_000, 'chiếc'], ['Khay tre đan', 80_000, 'chiếc']),
  s('Vòng bạc Mông', 'crafts', ['Vòng tay bạc', 350_000, 'chiếc'], ['Khuyên tai bạc', 150_000, 'đôi']),
  s('Áo chàm Nùng An', 'clothing', ['Áo chàm Nùng An', 400_000, 'chiếc'], ['Khăn chàm', 80_000, 'chiếc']),
  s('Váy Mông Hà Quảng', 'clothing', ['Váy xòe Mông', 450_000, 'chiếc'], ['Thắt lưng thêu', 120_000, 'chiếc']),
  s('Áo phông I love Cao Bằng', 'clothing', ['Áo phông in hình', 120_000, 'chiếc'], ['Mũ lưỡi trai', 80_000, 'chiếc']),
  s('Giày vải thổ cẩm', 'clothing', ['Giày vải thổ cẩm', 200_000, 'đôi'], ['Dép thổ cẩm', 120_000, 'đôi']),
  s('Bánh mì que Kim Đồng', 'food', ['Bánh mì que pa-tê', 10_000, 'chiếc'], ['Bánh mì que phô mai', 15_000, 'chiếc']),
  s('Bún chả nướng Sông Bằng', 'food', ['Bún chả nướng', 40_000, 'suất'], ['Chả nướng thêm', 20_000, 'phần']),
  s('Bánh bao Cao Bằng', 'food', ['Bánh bao nhân thịt', 15_000, 'chiếc'], ['Bánh bao chay', 10_000, 'chiếc']),
  s('Bánh gio Trùng Khánh', 'food', ['Bánh gio', 10_000, 'chiếc'], ['Bánh gio mật mía', 15_000, 'chiếc']),
  s('Chè Kim Đồng', 'food', ['Chè đỗ đen', 15_000, 'cốc'], ['Chè thập cẩm', 25_000, 'cốc']),
  s('Sinh tố Phố Đêm', 'drinks', ['Sinh tố bơ', 35_000, 'cốc'], ['Sinh tố xoài', 30_000, 'cốc']),
  s('Nước ép trái cây Sông Hiến', 'drinks', ['Nước ép cam', 30_000, 'cốc'], ['Nước ép dưa hấu', 25_000, 'cốc']),
  s('Trà đá hướng dương', 'drinks', ['Trà đá', 5_000, 'cốc'], ['Hướng dương', 15_000, 'đĩa']),
  s('Cacao nóng Phố Núi', 'drinks', ['Cacao nóng', 30_000, 'cốc'], ['Sữa chua nếp cẩm', 25_000, 'cốc']),
  s('Xúc xích nướng Hợp Giang', 'food', ['Xúc xích nướng', 15_000, 'xiên'], ['Thịt xiên nướng', 20_000, 'xiên']),
  s('Bánh rán nhân đỗ', 'food', ['Bánh rán mật', 5_000, 'chiếc'], ['Bánh rán nhân đỗ', 5_000, 'chiếc']),
  s(
    'Thịt lợn hun khói Hà Quảng',
    'specialties',
    ['Thịt lợn hun khói', 450_000, 'kg'],
    ['Thịt lợn hun khói gói nhỏ', 100_000, 'gói 200g'],
  ),
  s('Tương ớt Cao Bằng', 'specialties', ['Tương ớt', 35_000, 'chai'], ['Ớt ngâm', 30_000, 'lọ']),
  s(
    'Khăn thổ cẩm Nùng Trí Cao',
    'clothing',
    ['Khăn quàng thổ cẩm', 180_000, 'chiếc'],
    ['Túi đeo chéo thổ cẩm', 220_000, 'chiếc'],
  ),
  s('Thêu tay Lô Lô', 'crafts', ['Tranh thêu Lô Lô', 300_000, 'bức'], ['Ví thêu tay', 90_000, 'chiếc']),
  s('Đồ gỗ mỹ nghệ Nà Giàng', 'crafts', ['Tượng gỗ nhỏ', 150_000, 'chiếc'], ['Hộp gỗ khắc', 120_000, 'chiếc']),
  s(
    'Nam châm & bưu thiếp Cao Bằng',
    'souvenirs',
    ['Nam châm tủ lạnh', 30_000, 'chiếc'],
    ['Bưu thiếp', 10_000, 'chiếc'],
  ),
  s('Tranh ký họa Phố Cổ', 'souvenirs', ['Tranh ký họa phố Kim Đồng', 200_000, 'bức'], ['Tranh nhỏ', 80_000, 'bức']),
  s('Mô hình Thác Bản Giốc', 'souvenirs', ['Mô hình thác mini', 250_000, 'chiếc'], ['Chặn giấy đá', 60_000, 'chiếc']),
  s(
    'Chụp ảnh trang phục dân tộc',
    'other',
    ['Thuê trang phục và chụp ảnh', 100_000, 'lượt'],
    ['In ảnh lấy ngay', 30_000, 'tấm'],
  ),
  s('Vẽ chân dung Kim Đồng', 'other', ['Vẽ chân dung chì', 150_000, 'bức'], ['Vẽ ký họa nhanh', 80_000, 'bức']),
];

// Most stalls stand in Thục Phán ward; a few families come from the neighbouring wards (official names since 2025).
const OTHER_WARDS = ['Nùng Trí Cao', 'Tân Giang'] as const;
const VAT_STALLS = new Set([
  'Vịt quay 7 vị',
  'Hạt dẻ Trùng Khánh',
  'Mật ong bạc hà Hà Quảng',
  'Thịt trâu gác bếp',
  'Quà lưu niệm Bản Giốc',
  'Đàn tính Tày',
]);

/** Payout institutions: mostly the state-owned banks people in Cao Bằng bank with, a few wallets. */
const PAYOUTS = [
  { bin: '970405', weight: 18, account: (r: Rng) => `8300${digits(r, 9)}` }, // Agribank: 13 digits
  { bin: '970436', weight: 14, account: (r: Rng) => `10${digits(r, 11)}` }, // Vietcombank: 13 digits
  { bin: '970418', weight: 14, account: (r: Rng) => `86${digits(r, 8)}` }, // BIDV: 10 digits
  { bin: '970415', weight: 10, account: (r: Rng) => `10${digits(r, 10)}` }, // VietinBank: 12 digits
  { bin: '970422', weight: 10, account: (r: Rng) => `0${digits(r, 12)}` }, // MB: 13 digits
  { bin: '970407', weight: 8, account: (r: Rng) => `1903${digits(r, 10)}` }, // Techcombank: 14 digits
  { bin: '971005', weight: 5, account: (r: Rng) => `09${digits(r, 8)}` }, // Viettel Money: the phone number
  { bin: '971011', weight: 3, account: (r: Rng) => `08${digits(r, 8)}` }, // VNPT Money
  { bin: '971025', weight: 3, account: (r: Rng) => `03${digits(r, 8)}` }, // MoMo
] as const;

export type Rng = () => number;

/** mulberry32: a tiny seeded PRNG, so the demo street is the same everywhere. */
export function seededRandom(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(r: Rng, list: readonly T[]): T => list[Math.floor(r() * list.length)];

function digits(r: Rng, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += Math.floor(r() * 10);
  return out;
}

function weighted<T extends { weight: number }>(r: Rng, list: readonly T[]): T {
  let x = r() * list.reduce((sum, e) => sum + e.weight, 0);
  for (const e of list) if ((x -= e.weight) < 0) return e;
  return list[list.length - 1];
}

const MST_WEIGHTS = [31, 29, 23, 19, 17, 13, 7, 5, 3];

/** A valid 10-digit MST (Cao Bằng's prefix 48 by default), by the tax authority's check-digit rule. */
export function demoTaxCode(r: Rng, prefix = '4800'): string {
  for (;;) {
    const first9 = `${prefix}${digits(r, 5)}`;
    const remainder = MST_WEIGHTS.reduce((sum, w, i) => sum + w * Number(first9[i]), 0) % 11;
    if (remainder !== 0) return `${first9}${10 - remainder}`; // remainder 0 would need a check "digit" of 10
  }
}

export const stallCodeOf = (index: number) => `KD-${String(index + 1).padStart(3, '0')}`;

/** A payout account not in `taken` (static-QR matching needs one owner per account). */
export function demoPayout(r: Rng, taken: Set<string>): { bin: string; accountNumber: string } {
  const payout = weighted(r, PAYOUTS);
  let accountNumber = payout.account(r);
  while (taken.has(accountNumber)) accountNumber = payout.account(r);
  taken.add(accountNumber);
  return { bin: payout.bin, accountNumber };
}

/** The onboarding request for every Kim Đồng stall, as staff would type it, in stall-code order. */
export function demoMerchants(siteId?: string): NewMerchant[] {
  const r = seededRandom(2026);
  const accounts = new Set<string>();
  return DEMO_STALLS.map((stall, i) => {
    const payout = demoPayout(r, accounts);
    const ward = i % 9 === 4 ? pick(r, OTHER_WARDS) : 'Thục Phán';
    return {
      stallCode: stallCodeOf(i),
      name: stall.name,
      category: stall.category,
      ward,
      province: '04',
      siteId,
      payout,
      taxCode: demoTaxCode(r),
      taxMethod: VAT_STALLS.has(stall.name) ? 'vat' : 'household',
      address: `Gian ${i + 1}, phố đi bộ Kim Đồng, phường ${ward}, tỉnh Cao Bằng`,
      isDemo: true,
    };
  });
}
