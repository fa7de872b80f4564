/** A state as the conflict queue needs it (the app hands over every state, retired ones too). */
export interface ConflictState {
  domain: string;
  code: string;
  label: string;
  /** #rrggbb, shown beside the label (never alone). */
  color: string;
  retired: boolean;
  sort_order: number;
}
