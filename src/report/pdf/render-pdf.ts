import { launchChromium } from "./chromium.js";

/** Options of {@link renderPdf}. */
export interface RenderPdfOptions {
  format?: "A4" | "Letter";
  env?: Record<string, string | undefined>;
}

/**
 * Print self-contained report HTML to PDF with headless Chromium. Every network request is refused, so a report
 * can never phone home while it is printed.
 */
export async function renderPdf(html: string, options: RenderPdfOptions = {}): Promise<Buffer> {
  const browser = await launchChromium(options.env);
  try {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.route("**/*", (route) => {
      const url = route.request().url();
      return url.startsWith("data:") || url === "about:blank" ? route.continue() : route.abort();
    });
    await page.setContent(html, { waitUntil: "load" });
    await page.emulateMedia({ media: "print" });
    const pdf = await page.pdf({
      format: options.format ?? "A4",
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: "<span></span>",
      footerTemplate:
        '<div style="font:8px system-ui,sans-serif;width:100%;text-align:center;color:#666"><span class="pageNumber"></span> / <span class="totalPages"></span></div>',
      margin: { top: "16mm", bottom: "16mm", left: "14mm", right: "14mm" },
    });
    await context.close();
    return pdf;
  } finally {
    await browser.close();
  }
}

/** Number of pages in a PDF Chromium wrote (counts page objects; enough for our own output). */
export function countPdfPages(pdf: Uint8Array): number {
  const text = Buffer.from(pdf).toString("latin1");
  return (text.match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
}
