import { errorMessage } from "../api";
import { linksApi, type LinkPattern } from "../api/links";

// This device's link patterns: loaded once, used to draw evidence keys as
// links, and edited in the "Link patterns" dialog.
class LinksStore {
  patterns = $state<LinkPattern[]>([]);
  loaded = $state(false);
  error = $state("");

  async load() {
    try {
      this.patterns = await linksApi.patterns();
      this.error = "";
    } catch (e) {
      this.error = errorMessage(e);
    } finally {
      this.loaded = true;
    }
  }

  /** Stores the list; throws the refusal (an ApiError naming fields) when a pattern breaks a rule. */
  async save(ps: LinkPattern[]): Promise<LinkPattern[]> {
    this.patterns = await linksApi.save(ps);
    return this.patterns;
  }
}

export const links = new LinksStore();
