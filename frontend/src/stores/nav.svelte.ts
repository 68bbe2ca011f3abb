// Which screen is showing. A tiny state router: the app has a handful of screens
// and no URLs to share, so a history stack is all it needs.
export type Screen =
  | { name: "home" }
  | { name: "new" }
  | { name: "portfolio" }
  | { name: "peers" }
  | { name: "backups" }
  | { name: "services" }
  | { name: "service"; service: string }
  | { name: "people" }
  | { name: "mywork"; person?: string }
  | { name: "record"; id: string; section?: string }
  | { name: "templates" }
  | { name: "template-draft"; id: string }
  | { name: "template-preview"; id: string }
  | { name: "template-version"; template: string; version: number };

class Nav {
  screen = $state<Screen>({ name: "home" });
  private back: Screen[] = [];

  go(s: Screen) {
    this.back.push(this.screen);
    if (this.back.length > 50) this.back.shift();
    this.screen = s;
  }
  home() {
    this.go({ name: "home" });
  }
  portfolio() {
    this.go({ name: "portfolio" });
  }
  peers() {
    this.go({ name: "peers" });
  }
  backups() {
    this.go({ name: "backups" });
  }
  /** Every service with its delivery figures. */
  services() {
    this.go({ name: "services" });
  }
  /** One service across its releases. */
  service(service: string) {
    this.go({ name: "service", service });
  }
  people() {
    this.go({ name: "people" });
  }
  /** What one person has to do across records (this device's author when none is named). */
  myWork(person?: string) {
    this.go({ name: "mywork", person });
  }
  newRecord() {
    this.go({ name: "new" });
  }
  templates() {
    this.go({ name: "templates" });
  }
  /** The editor of a template's draft. */
  editDraft(id: string) {
    this.go({ name: "template-draft", id });
  }
  /** A draft as the record it would make. */
  previewDraft(id: string) {
    this.go({ name: "template-preview", id });
  }
  /** One published version, read-only. */
  viewTemplate(template: string, version: number) {
    this.go({ name: "template-version", template, version });
  }
  openRecord(id: string, section?: string) {
    this.go({ name: "record", id, section });
  }
  /** Returns to the previous screen, or home. */
  pop() {
    this.screen = this.back.pop() ?? { name: "home" };
  }
}

export const nav = new Nav();
