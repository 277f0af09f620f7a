import { sql, type Kysely } from 'kysely';

// The tax authority's code (MCCQT) of a cash-register invoice, `M<template>-<yy>-<5 characters>-<11 digits>`: the
// 11 digits come from this sequence, taken by the very statement that numbers and inserts the invoice. A sequence, not
// a counter row: the rule asks the digits to be unique, not gapless (the invoice number is the gapless one), and
// nextval locks nothing, so sales of different stalls never wait on one another for it. Its maximum is the largest
// 11-digit number and it never cycles: past it an insert fails rather than reuse a code.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create sequence invoice_tax_code_seq as bigint minvalue 1 maxvalue 99999999999 no cycle`.execute(db);
  await db.schema.alterTable('invoices').addColumn('tax_authority_code', 'text').execute();
  // Invoices issued before this migration have no code (null); every code given is unique.
  await db.schema
    .createIndex('invoices_tax_authority_code')
    .unique()
    .on('invoices')
    .column('tax_authority_code')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('invoices_tax_authority_code').execute();
  await db.schema.alterTable('invoices').dropColumn('tax_authority_code').execute();
  await sql`drop sequence invoice_tax_code_seq`.execute(db);
}
