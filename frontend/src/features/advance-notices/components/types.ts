/** A state a notice may have, as the app hands it over from the domains (its words, never its code alone). */
export interface NoticeState {
  code: string;
  label: string;
  /** absent or excused. */
  category: string;
}
