/**
 * While the sandbox bank runs, money on every page may be test money: each page says so at its very top, before any
 * script runs (put in by the server, so no page can forget it and no failed API call hides it).
 */
export const TEST_MONEY_BANNER =
  // An inline <style> block, not a style attribute: the pages' content-security policy admits only the former.
  '<style>.test-money{background:#b00020;color:#fff;font-weight:700;text-align:center;padding:.45em .8em;font-family:system-ui,sans-serif}</style>' +
  '<div class="test-money" role="alert" data-test-money>' +
  'TIỀN THỬ NGHIỆM: ngân hàng thử (sandbox) đang bật, các khoản thanh toán ở đây có thể không phải tiền thật. ' +
  '<span lang="en">TEST MONEY: the sandbox bank is on; payments shown here may not be real money.</span></div>';

/** The page with the test-money banner first in its body. */
export function withTestMoneyBanner(html: string): string {
  return html.replace(/<body([^>]*)>/i, (tag) => `${tag}\n${TEST_MONEY_BANNER}`);
}
