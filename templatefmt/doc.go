// Package templatefmt reads and writes template files: Ready Room's own
// (readyroom), AWS Well-Architected custom lenses (aws-lens) and Markdown
// checklists (markdown). It turns a file into a readiness.Template and a
// Report in words, and never stores anything: the caller keeps the result
// (a draft to publish with readiness.Publish, or a published version to
// add to its readiness.Catalog). It imports readiness, the standard
// library and goldmark (for Markdown; markdown.go says why).
//
// # Formats
//
// Detect tells the formats apart by content, the file name's extension
// being a hint only: a JSON object with "format": "readyroom-template/…"
// (or a bare template with an id and sections, as `readyroom template show
// --json` prints it) is readyroom; a JSON object with "schemaVersion" and
// "pillars" is aws-lens; text that is not JSON and has a heading or a
// checkbox line is markdown. Anything else (empty, a PDF, an image, an
// archive, binary, plain text, JSON of another shape) is refused in words
// naming what it looks like and the formats accepted.
//
// # Ready Room's template file
//
// Export writes {"format":"readyroom-template/1","digest":…,"template":…},
// indented; docs/template.schema.json is its JSON Schema. The template is
// Ready Room's JSON for it; a published version comes with its digest (the
// SHA-256 of its canonical text), so Import returns it as published,
// named by the same digest, and records that name it open; a file whose
// text no longer matches its digest is refused (readiness.ErrTemplateDigest).
// A draft imports as a draft. A format of a later version
// (readyroom-template/2) is refused as made by a newer Ready Room.
//
// # AWS custom lens (schemaVersion 2021-11-01)
//
//   - The lens name is the template's name, and, lowercase with dashes, its
//     id (unless Options.ID or a previous version names one; gold and
//     silver are taken: "Gold" makes gold-lens). The description is the
//     summary; "_version" is kept in Origin.Note.
//   - Each pillar is a checklist section, its id the pillar id in lowercase
//     with dashes (operationalExcellence → operational-excellence), unique.
//   - Each question is an item whose id is the question id, so that later
//     versions of the lens map onto the same items. An id that is not an
//     item id is made one (other characters become underscores; the
//     shipped shape is written in capitals, obs-01 → OBS-01; a clash gets
//     -2), and the report says so. Questions or pillars without ids, and
//     ids used twice, are refused: an id carries answers across versions.
//   - Text: the question title without a trailing "(H)" or "(M)", which
//     sets the item's risk. Why: the description and the question's helpful
//     text. Evidence: the choices with their helpful texts, improvement
//     plans and additional resources, and what the "none of these" choice
//     (an id ending _no, or a title starting "None of these") means: the
//     item not done, or n/a with the reason when the question does not
//     apply. When that passes readiness.MaxGuidance, detail is left out
//     (additional resources, helpful texts, improvement plans) and
//     reported. Refs: the http(s) links of the question and its choices,
//     once each, at most readiness.MaxRefs (the rest reported).
//   - Risk without a mark: the worst any risk rule gives: high when any
//     rule (the default or another) is HIGH_RISK, else medium when any is
//     MEDIUM_RISK, else none. A mark wins over rules that disagree
//     (reported).
//   - Every item allows n/a. A lens has no tier (Options.Tier, gold by
//     default), hypercare length, exit criteria or handover items: those
//     of the tier's shipped template are taken (Gold's for a tier of the
//     organisation's own), so records on it have hypercare and handover.
//
// # Markdown checklist
//
//   - A page with one # heading is named by it (else by its file name),
//     and the prose under it or before it is the summary.
//   - #, ## and ### headings are sections ("## 3. Risk" is section 3): with
//     checkbox items under them, checklist sections whose guidance is the
//     prose among the items; with prose only, narrative sections (the first
//     paragraph the prompt, the rest guidance); with nothing, left out.
//     Deeper headings are text of their section.
//   - `- [ ]`, `* [ ]` and `- [x]` lines are items; ticks are ignored (a
//     template holds questions, not answers) and reported; checkbox lists
//     nested under an item are flattened after it and reported.
//   - An item's text is its line (with the next lines while they carry on
//     its sentence); what is under it is its why, a paragraph starting
//     "Evidence:" its evidence; its http(s) links are its refs.
//   - An item's id is the one written at its start (**OPS-01** or OPS-01:,
//     holding a digit); else, as the next version of a template, the id of
//     the earlier item with the same text; else its section's prefix and
//     place (Observability → OBS-01; three or more words → their initials),
//     skipping every id an earlier version used. The report asks for ids
//     to be written into the page before it changes.
//   - Front matter, tables, images and HTML (comments included) are left
//     out and reported; links other than http(s) too.
//
// # Next versions
//
// With Options.Previous (the published versions held for the template,
// oldest first), an import is the next draft of that template: its id,
// tier, hypercare length, exit criteria, handover items and origin kind,
// checked by readiness.CheckVersions so that no id changes meaning (a
// refusal names the question or line). readiness.Publish(draft, Previous,
// …) then makes the next version, and records upgrade keeping answers.
//
// # Limits and refusals
//
// A file over MaxInput (4 MiB) is refused unread; a Markdown page over
// MaxMarkdown (1 MiB), nesting more than 16 lists or quotes on one line or
// crowding more than 1,000 emphasis, code and link marks on one, is refused
// before parsing (where parsing time grows faster than the page); more
// than readiness.MaxTemplateItems items is refused with the count. What
// the file makes must pass readiness.CheckTemplate: when it does not, the
// import is refused with an *ImportError whose problems name their place
// in the file (a pillar and question, an item's line). Sentinel errors are
// in errors.go.
package templatefmt
