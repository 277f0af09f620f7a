// The shape parseInvoiceXml returns: element names as in the XML, numbers for amounts and counters, strings for
// everything else (tax codes, phone numbers and the template digit keep their leading zeros and type).

export interface ParsedParty {
  Ten?: string;
  MST?: string;
  DChi?: string;
  SDThoai?: string;
  DCTDTu?: string;
}

export interface ParsedLine {
  TChat: number;
  STT: number;
  THHDVu: string;
  DVTinh?: string;
  SLuong?: number;
  DGia?: number;
  ThTien: number;
  TSuat?: string;
}

export interface ParsedRelatedInvoice {
  TCHDon: number;
  LHDCLQuan: number;
  KHMSHDCLQuan: string;
  KHHDCLQuan: string;
  SHDCLQuan: number;
  NLHDCLQuan: string;
}

export interface ParsedInvoiceXml {
  '?xml'?: { '@_version': string; '@_encoding': string };
  HDon: {
    DLHDon: {
      '@_Id': string;
      TTChung: {
        PBan: string;
        THDon: string;
        KHMSHDon: string;
        KHHDon: string;
        SHDon: number;
        NLap: string;
        /** Template 1: for financial leasing (0/1). */
        HDCTTChinh?: number;
        /** Template 2: for buyers in a tariff-free zone (0/1). */
        HDDCKPTQuan?: number;
        DVTTe: string;
        TGia: number;
        HTTToan: string;
        MSTTCGP?: string;
        TTHDLQuan?: ParsedRelatedInvoice;
      };
      NDHDon: {
        NBan: ParsedParty;
        NMua: ParsedParty;
        DSHHDVu: { HHDVu: ParsedLine[] };
        TToan: {
          THTTLTSuat?: { LTSuat: Array<{ TSuat: string; ThTien: number; TThue: number }> };
          TgTCThue: number;
          TgTThue: number;
          TgTTTBSo: number;
          TgTTTBChu: string;
        };
      };
      TTKhac?: { TTin: Array<{ TTruong: string; KDLieu: string; DLieu: string }> };
    };
    /** The tax authority's code (cash-register invoices: made on the seller's side). */
    MCCQT?: string;
  };
}
