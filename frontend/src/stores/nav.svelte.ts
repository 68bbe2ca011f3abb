// Which screen is showing. A tiny state router: the app has a handful of screens
// and no URLs to share, so a history stack is all it needs.
export type Screen =
  | { name: "home" }
  | { name: "new" }
  | { name: "portfolio" }
  | { name: "peers" }
  | { name: "record"; id: string; section?: string };

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
  newRecord() {
    this.go({ name: "new" });
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
