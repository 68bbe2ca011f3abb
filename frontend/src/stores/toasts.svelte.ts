// Short messages at the corner of the window: what just happened, or what
// went wrong and what to do.
export interface ToastAction {
  label: string;
  run: () => void;
}

export interface Toast {
  id: number;
  kind: "info" | "error";
  text: string;
  actions?: ToastAction[];
}

class Toasts {
  list = $state<Toast[]>([]);
  private next = 1;

  /** Shows a message; returns its id (for dismiss). */
  show(text: string, kind: Toast["kind"] = "info", ms = 4000, actions?: ToastAction[]): number {
    const id = this.next++;
    this.list = [...this.list, { id, kind, text, actions }];
    if (ms > 0) setTimeout(() => this.dismiss(id), ms);
    return id;
  }
  error(text: string) {
    this.show(text, "error", 8000);
  }
  dismiss(id: number) {
    this.list = this.list.filter((t) => t.id !== id);
  }
}

export const toasts = new Toasts();
