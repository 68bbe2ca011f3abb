import { api, toApiError, type MyWork, type ReadinessCurve, type PersonEntry, type ServiceFigures, type ServicePage } from "../api";

// The SDM's desk: each service's delivery figures, one service's page, the
// people directory and one person's work. All of it is added up in Go from
// the summaries the home cache holds; this store reads it when a screen
// shows it and again after records change.
class DeskStore {
  services = $state.raw<ServiceFigures[] | null>(null);
  servicesError = $state("");
  people = $state.raw<PersonEntry[] | null>(null);
  peopleError = $state("");
  /** Counts the changes of records heard of: pages that read their own data read again when it moves. */
  version = $state(0);
  private wanted = { services: false, people: false };

  /** Every service's figures; the last line (service "") is the whole portfolio. */
  async loadServices(): Promise<void> {
    this.wanted.services = true;
    try {
      this.services = await api.services();
      this.servicesError = "";
    } catch (e) {
      this.servicesError = toApiError(e).message;
    }
  }

  /** The people directory (what name fields offer too). */
  async loadPeople(): Promise<void> {
    this.wanted.people = true;
    try {
      this.people = await api.people();
      this.peopleError = "";
    } catch (e) {
      this.peopleError = toApiError(e).message;
    }
  }

  /** Reads the people once, for the name fields' suggestions. */
  ensurePeople() {
    if (!this.wanted.people) void this.loadPeople();
  }

  /** Records changed: read again what has been read. */
  changed() {
    this.version++;
    if (this.wanted.services) void this.loadServices();
    if (this.wanted.people) void this.loadPeople();
  }

  service(name: string): Promise<ServicePage> {
    return api.service(name);
  }

  myWork(person: string): Promise<MyWork> {
    return api.myWork(person);
  }

  /** A record's readiness day by day, from its creation to its go-live. */
  readinessOverTime(id: string): Promise<ReadinessCurve> {
    return api.readinessOverTime(id);
  }
}

export const desk = new DeskStore();
