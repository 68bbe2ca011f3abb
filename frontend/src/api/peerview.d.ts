// Temporary: Wails does not generate lan.PeerView because it is reachable
// only through the embedded lan.Status in app.NetworkStatus (the generator
// skips embedded fields when collecting structs). Delete this file once
// app.NetworkStatus names its fields (then models.ts declares the class).
import "../../wailsjs/go/models";

declare module "../../wailsjs/go/models" {
  namespace lan {
    class PeerView {
      device: string;
      short: string;
      name?: string;
      paired: boolean;
      teams: string[];
      addrs: string[];
      online: boolean;
      lastSeen: string | null;
      lastSync: string | null;
      syncing: boolean;
      error?: string;
      pulled: number;
    }
  }
}
