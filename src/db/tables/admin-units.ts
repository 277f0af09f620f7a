/** A province-level unit (tỉnh or thành phố trực thuộc trung ương), by its official two-digit code. */
export interface AdminProvincesTable {
  code: string;
  /** The official name with its kind: "Tỉnh Cao Bằng", "Thành phố Hồ Chí Minh". */
  name: string;
  /** Without the kind: "Cao Bằng". */
  short_name: string;
  /** The short name without diacritics: "Cao Bang". */
  ascii_name: string;
  kind: 'city' | 'province';
}

/** A commune-level unit (phường, xã or đặc khu), by its official five-digit code. */
export interface AdminWardsTable {
  code: string;
  province_code: string;
  /** The official name with its kind: "Phường Thục Phán". */
  name: string;
  kind: 'ward' | 'commune' | 'special_zone';
}

export interface AdminUnitTables {
  admin_provinces: AdminProvincesTable;
  admin_wards: AdminWardsTable;
}
