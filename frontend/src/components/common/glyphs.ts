import {
  Archive,
  CalendarCheck,
  ChevronRight,
  Circle,
  CircleAlert,
  CircleCheck,
  CircleDashed,
  CircleSlash,
  Clock,
  Contact,
  CornerDownLeft,
  FileText,
  Hammer,
  Handshake,
  LayoutList,
  ListChecks,
  Medal,
  OctagonAlert,
  OctagonX,
  PencilLine,
  Radio,
  ShieldAlert,
  SquareCheck,
  UsersRound,
} from "@lucide/svelte";

// The icons drawn in every row of a long list (badges, pills, list
// chevrons, search results). Each is drawn once, from Lucide, into a sprite (GlyphSprite in
// App) and referenced from there (Glyph): a Lucide component costs about a
// millisecond to mount in Chromium, and a home screen has a few hundred.
export const GLYPHS = {
  archive: Archive,
  "calendar-check": CalendarCheck,
  "chevron-right": ChevronRight,
  circle: Circle,
  "circle-alert": CircleAlert,
  "circle-check": CircleCheck,
  "circle-dashed": CircleDashed,
  "circle-slash": CircleSlash,
  clock: Clock,
  contact: Contact,
  "corner-down-left": CornerDownLeft,
  "file-text": FileText,
  hammer: Hammer,
  handshake: Handshake,
  "layout-list": LayoutList,
  "list-checks": ListChecks,
  medal: Medal,
  "octagon-alert": OctagonAlert,
  "octagon-x": OctagonX,
  "pencil-line": PencilLine,
  radio: Radio,
  "shield-alert": ShieldAlert,
  "square-check": SquareCheck,
  "users-round": UsersRound,
};

export type GlyphName = keyof typeof GLYPHS;
