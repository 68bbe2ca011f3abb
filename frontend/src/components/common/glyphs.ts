import Archive from "@lucide/svelte/icons/archive";
import CalendarCheck from "@lucide/svelte/icons/calendar-check";
import ChevronRight from "@lucide/svelte/icons/chevron-right";
import Circle from "@lucide/svelte/icons/circle";
import CircleAlert from "@lucide/svelte/icons/circle-alert";
import CircleCheck from "@lucide/svelte/icons/circle-check";
import CircleDashed from "@lucide/svelte/icons/circle-dashed";
import CircleSlash from "@lucide/svelte/icons/circle-slash";
import Clock from "@lucide/svelte/icons/clock";
import Contact from "@lucide/svelte/icons/contact";
import CornerDownLeft from "@lucide/svelte/icons/corner-down-left";
import FileText from "@lucide/svelte/icons/file-text";
import Hammer from "@lucide/svelte/icons/hammer";
import Handshake from "@lucide/svelte/icons/handshake";
import LayoutList from "@lucide/svelte/icons/layout-list";
import ListChecks from "@lucide/svelte/icons/list-checks";
import Medal from "@lucide/svelte/icons/medal";
import OctagonAlert from "@lucide/svelte/icons/octagon-alert";
import OctagonX from "@lucide/svelte/icons/octagon-x";
import PencilLine from "@lucide/svelte/icons/pencil-line";
import Radio from "@lucide/svelte/icons/radio";
import ShieldAlert from "@lucide/svelte/icons/shield-alert";
import SquareCheck from "@lucide/svelte/icons/square-check";
import UsersRound from "@lucide/svelte/icons/users-round";

// The icons drawn in every row of a long list (badges, pills, list
// chevrons, search results). Each is drawn once, from Lucide, into a sprite
// (GlyphSprite in App) and referenced from there (Glyph): a Lucide component
// costs about a millisecond to mount in Chromium, and a home screen has a
// few hundred. Imported one by one, as elsewhere: the barrel's 7,900
// modules would be transformed by every test and build.
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

/** The style sheet that gives each glyph its shape: for each name, the
 * icon's SVG (as Lucide drew it) as a data URI in --glyph, which the .glyph
 * rule in app.css paints through as a mask. Names not in GLYPHS are left
 * out. */
export function glyphRules(svgs: Record<string, string>): string {
  const rules: string[] = [];
  for (const [name, svg] of Object.entries(svgs)) {
    if (!(name in GLYPHS) || !svg.startsWith("<svg")) continue;
    const xml = svg.includes("xmlns=") ? svg : svg.replace("<svg", '<svg xmlns="http://www.w3.org/2000/svg"');
    rules.push(`.glyph[data-glyph="${name}"]{--glyph:url("data:image/svg+xml,${encodeURIComponent(xml)}")}`);
  }
  return rules.join("\n");
}
