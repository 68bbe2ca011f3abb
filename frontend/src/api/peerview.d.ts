// Temporary, until the Go side changes: Wails generates no lan.PeerView,
// because app.NetworkStatus reaches it only through the embedded lan.Status
// (the generator skips embedded fields when it collects structs), and
// models.ts then refers to a class it never declares. Once app.NetworkStatus
// lists its fields by name (Peers []lan.PeerView among them), models.ts
// declares the class and this file must go (it would then be a duplicate).
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
