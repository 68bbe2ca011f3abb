// Reads a PDF with pdf.js, as Firefox's viewer does, and prints what the
// Go tests check as JSON: the document information (title, language), the
// viewer preferences, and for each page its text as pdf.js extracts it for
// copying and searching, and its link annotations.
//   node read.mjs FILE.pdf
import { readFileSync } from "node:fs";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

const data = new Uint8Array(readFileSync(process.argv[2]));
const doc = await getDocument({ data, verbosity: 0, isEvalSupported: false, disableFontFace: true }).promise;
const { info } = await doc.getMetadata();
const out = {
  title: info.Title ?? "",
  language: info.Language ?? "",
  viewerPreferences: (await doc.getViewerPreferences()) ?? {},
  pages: [],
};
for (let n = 1; n <= doc.numPages; n++) {
  const page = await doc.getPage(n);
  const content = await page.getTextContent();
  let text = "";
  for (const item of content.items) {
    if ("str" in item) text += item.str + (item.hasEOL ? "\n" : "");
  }
  const links = (await page.getAnnotations())
    .filter((a) => a.subtype === "Link")
    .map((a) => ({ url: a.url ?? "", internal: a.dest != null }));
  out.pages.push({ text, links });
}
process.stdout.write(JSON.stringify(out));
