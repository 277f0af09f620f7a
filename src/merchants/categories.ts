/** Stall categories on a walking street, with the ISO 18245 merchant category code (MCC) that goes into field 52. */
export const categories = {
  food: { mcc: '5812', vi: 'Ẩm thực', en: 'Food' },
  drinks: { mcc: '5814', vi: 'Đồ uống', en: 'Drinks' },
  specialties: { mcc: '5499', vi: 'Đặc sản địa phương', en: 'Local specialties' },
  souvenirs: { mcc: '5947', vi: 'Quà lưu niệm', en: 'Souvenirs' },
  clothing: { mcc: '5699', vi: 'Quần áo', en: 'Clothing' },
  crafts: { mcc: '5970', vi: 'Thủ công mỹ nghệ', en: 'Crafts' },
  other: { mcc: '5999', vi: 'Khác', en: 'Other' },
} as const;

export type Category = keyof typeof categories;
export const categoryNames = Object.keys(categories) as [Category, ...Category[]];
