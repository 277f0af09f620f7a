import type { NewMerchant } from '../merchants/index.js';
import { demoPayout, demoTaxCode, seededRandom, type DemoStall, type MenuItem } from './kim-dong-street.js';
import type { Category } from '../merchants/index.js';

/**
 * The second demo site: Chợ Cà Mau, a Mekong delta market in Phường An Xuyên, Cà Mau, as it is on a weekday
 * morning: dried fish and shrimp, crab from Năm Căn, U Minh honey, fruit, breakfast noodles and coffee. Made up but
 * shaped like the real thing, and deterministic like the Kim Đồng street.
 */

export const CA_MAU_SITE = {
  slug: 'cho-ca-mau',
  name: 'Chợ Cà Mau',
  kind: 'market',
  provinceCode: '96',
  ward: '32002', // Phường An Xuyên
  address: 'Chợ Cà Mau, phường An Xuyên, tỉnh Cà Mau',
} as const;

const s = (name: string, category: Category, ...menu: MenuItem[]): DemoStall => ({ name, category, menu });

export const CA_MAU_STALLS: readonly DemoStall[] = [
  s('Khô cá sặc Út Hiền', 'specialties', ['Khô cá sặc rằn', 250_000, 'kg'], ['Khô cá sặc gói quà', 120_000, 'gói']),
  s('Tôm khô Rạch Gốc', 'specialties', ['Tôm khô loại 1', 900_000, 'kg'], ['Tôm khô gói nhỏ', 200_000, 'gói 200g']),
  s('Ba khía muối Rạch Gốc', 'specialties', ['Ba khía muối', 120_000, 'hũ'], ['Ba khía trộn', 60_000, 'hộp']),
  s('Cua Năm Căn Chín Tươi', 'specialties', ['Cua gạch', 650_000, 'kg'], ['Cua thịt', 480_000, 'kg']),
  s('Mật ong U Minh Hạ', 'specialties', ['Mật ong rừng U Minh', 400_000, 'lít'], ['Mật ong chai nhỏ', 120_000, 'chai']),
  s('Khô cá lóc Hai Phượng', 'specialties', ['Khô cá lóc', 380_000, 'kg'], ['Khô cá lóc nướng', 50_000, 'phần']),
  s('Mắm tôm chà Cà Mau', 'specialties', ['Mắm tôm chà', 90_000, 'hũ'], ['Mắm ba khía', 70_000, 'hũ']),
  s('Tôm đất Đầm Dơi', 'specialties', ['Tôm đất tươi', 280_000, 'kg'], ['Tôm khô đất', 750_000, 'kg']),
  s('Chả cá thác lác Bảy Lan', 'food', ['Chả cá thác lác', 220_000, 'kg'], ['Chả cá chiên', 30_000, 'phần']),
  s('Bánh tằm cay Ngan Dừa', 'food', ['Bánh tằm cay', 30_000, 'tô'], ['Bánh tằm bì', 30_000, 'đĩa']),
  s('Bún nước lèo Sáu Tươi', 'food', ['Bún nước lèo', 35_000, 'tô'], ['Bún nước lèo đặc biệt', 50_000, 'tô']),
  s('Hủ tiếu Nam Vang Chợ Nổi', 'food', ['Hủ tiếu Nam Vang', 40_000, 'tô'], ['Hủ tiếu khô', 40_000, 'tô']),
  s('Cơm tấm Cô Ba', 'food', ['Cơm tấm sườn', 35_000, 'đĩa'], ['Cơm tấm sườn bì chả', 45_000, 'đĩa']),
  s('Bánh xèo miền Tây', 'food', ['Bánh xèo tôm thịt', 30_000, 'cái'], ['Bánh khọt', 25_000, 'phần']),
  s('Lẩu mắm U Minh', 'food', ['Lẩu mắm', 250_000, 'nồi nhỏ'], ['Cá kho tộ', 60_000, 'phần']),
  s('Bánh canh ghẹ Năm Căn', 'food', ['Bánh canh ghẹ', 50_000, 'tô'], ['Bánh canh cua', 60_000, 'tô']),
  s('Cháo cá lóc rau đắng', 'food', ['Cháo cá lóc', 30_000, 'tô']),
  s('Bánh bò thốt nốt', 'food', ['Bánh bò thốt nốt', 5_000, 'cái'], ['Bánh da lợn', 10_000, 'miếng']),
  s('Bánh ướt Cô Tư', 'food', ['Bánh ướt', 25_000, 'đĩa'], ['Bánh hỏi heo quay', 40_000, 'đĩa']),
  s('Chè bà Năm', 'food', ['Chè chuối', 15_000, 'ly'], ['Chè bưởi', 15_000, 'ly'], ['Chè thập cẩm', 20_000, 'ly']),
  s('Nước mía Cái Nước', 'drinks', ['Nước mía', 12_000, 'ly'], ['Nước mía tắc', 15_000, 'ly']),
  s('Cà phê vợt Ông Bảy', 'drinks', ['Cà phê sữa đá', 18_000, 'ly'], ['Cà phê đen', 15_000, 'ly']),
  s('Dừa tươi Thới Bình', 'drinks', ['Dừa xiêm', 20_000, 'trái'], ['Nước dừa đóng chai', 25_000, 'chai']),
  s('Sinh tố Út Mai', 'drinks', ['Sinh tố bơ', 25_000, 'ly'], ['Sinh tố mãng cầu', 25_000, 'ly']),
  s('Trà tắc Sông Đốc', 'drinks', ['Trà tắc', 10_000, 'ly'], ['Trà đường', 5_000, 'ly']),
  s('Trái cây Cái Răng', 'specialties', ['Xoài cát Hòa Lộc', 70_000, 'kg'], ['Chôm chôm', 35_000, 'kg']),
  s('Sầu riêng Ri6 Chú Tám', 'specialties', ['Sầu riêng Ri6', 110_000, 'kg'], ['Múi sầu riêng', 80_000, 'hộp']),
  s('Bưởi Năm Roi', 'specialties', ['Bưởi Năm Roi', 45_000, 'trái'], ['Bưởi lột sẵn', 40_000, 'hộp']),
  s('Rau sạch Tân Thành', 'other', ['Rau muống', 10_000, 'bó'], ['Bông điên điển', 30_000, 'kg']),
  s('Cá đồng Hai Lúa', 'other', ['Cá lóc đồng', 120_000, 'kg'], ['Cá rô đồng', 90_000, 'kg']),
  s('Ốc len xào dừa', 'food', ['Ốc len xào dừa', 40_000, 'phần'], ['Ốc bươu luộc', 35_000, 'phần']),
  s('Bánh pía Sóc Trăng', 'specialties', ['Bánh pía sầu riêng', 70_000, 'hộp'], ['Bánh in', 40_000, 'hộp']),
  s('Mắm cá lóc Bà Giáo', 'specialties', ['Mắm cá lóc', 150_000, 'kg'], ['Mắm thái', 100_000, 'hũ']),
  s('Nón lá Cà Mau', 'crafts', ['Nón lá', 60_000, 'chiếc'], ['Nón bài thơ', 90_000, 'chiếc']),
  s('Đồ đan lục bình', 'crafts', ['Giỏ lục bình', 120_000, 'chiếc'], ['Túi lục bình', 150_000, 'chiếc']),
  s('Khăn rằn Nam Bộ', 'clothing', ['Khăn rằn', 35_000, 'chiếc'], ['Áo bà ba', 250_000, 'bộ']),
  s('Quà lưu niệm Đất Mũi', 'souvenirs', ['Móc khóa Mũi Cà Mau', 20_000, 'chiếc'], ['Mô hình ghe', 150_000, 'chiếc']),
  s('Tranh gỗ đước Năm Căn', 'crafts', ['Tranh gỗ đước', 250_000, 'bức'], ['Đũa gỗ đước', 40_000, 'bộ']),
  s('Bánh mì Chợ Cà Mau', 'food', ['Bánh mì thịt', 20_000, 'ổ'], ['Bánh mì chả cá', 20_000, 'ổ']),
  s('Gạo thơm U Minh', 'other', ['Gạo ST25', 38_000, 'kg'], ['Gạo nàng hương', 25_000, 'kg']),
];

const VAT_STALLS = new Set(['Cua Năm Căn Chín Tươi', 'Tôm khô Rạch Gốc', 'Mật ong U Minh Hạ']);

export const caMauStallCodeOf = (index: number) => `CM-${String(index + 1).padStart(3, '0')}`;

/** The onboarding request for every Chợ Cà Mau stall, as staff would type it, in stall-code order. */
export function caMauMerchants(siteId: string): NewMerchant[] {
  const r = seededRandom(9602);
  const accounts = new Set<string>();
  return CA_MAU_STALLS.map((stall, i) => ({
    stallCode: caMauStallCodeOf(i),
    name: stall.name,
    category: stall.category,
    ward: 'An Xuyên',
    province: '96',
    siteId,
    payout: demoPayout(r, accounts),
    taxCode: demoTaxCode(r, '2000'),
    taxMethod: VAT_STALLS.has(stall.name) ? 'vat' : 'household',
    address: `Sạp ${i + 1}, chợ Cà Mau, phường An Xuyên, tỉnh Cà Mau`,
    invoiceLetters: 'CM',
    isDemo: true,
  }));
}
