import type { RecordRow } from "../api";
import { overlaps } from "../components/portfolio/timeline";

// The portfolio's filters; rows are filtered from the home data.
class PortfolioStore {
  tier = $state<"" | "gold" | "silver">("");
  states = $state<string[]>([]);
  squad = $state("");
  service = $state("");
  from = $state("");
  to = $state("");

  get active(): boolean {
    return !!(this.tier || this.states.length || this.squad || this.service || this.from || this.to);
  }

  clear() {
    this.tier = "";
    this.states = [];
    this.squad = "";
    this.service = "";
    this.from = "";
    this.to = "";
  }

  matches(r: RecordRow): boolean {
    if (this.tier && r.tier !== this.tier) return false;
    if (this.states.length && !this.states.includes(r.state)) return false;
    if (this.squad && r.squad !== this.squad) return false;
    if (this.service && r.service !== this.service) return false;
    if (this.from || this.to) {
      const end = [r.goLive, r.hypercareEnd, r.handoverAccepted].filter(Boolean).sort().pop() ?? "";
      if (!overlaps(r.goLive, end, this.from, this.to)) return false;
    }
    return true;
  }
}

export const portfolio = new PortfolioStore();
