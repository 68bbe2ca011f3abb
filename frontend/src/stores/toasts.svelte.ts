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

  show(text: string, kind: Toast["kind"] = "info", ms = 4000, actions?: ToastAction[]) {
    const id = this.next++;
    this.list = [...this.list, { id, kind, text, actions }];
    if (ms > 0) setTimeout(() => this.dismiss(id), ms);
  }
  error(text: string) {
    this.show(text, "error", 8000);
  }
  dismiss(id: number) {
    this.list = this.list.filter((t) => t.id !== id);
  }
}

export const toasts = new Toasts();
