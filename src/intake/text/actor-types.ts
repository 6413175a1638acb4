/**
 * The shapes of actors and of the place spans actor recognition steps around; shared by actors.ts,
 * actor-chunks.ts and actor-matching.ts so that none of them imports another for its types.
 */
export type ActorKind = 'person' | 'organization' | 'group';

export interface ActorMention {
  surface: string;
  start: number;
  end: number;
}

export interface Actor {
  /** Stable slug of the canonical name, e.g. "person:mohammad-javad-zarif". */
  id: string;
  /** Canonical (fullest) name. */
  name: string;
  kind: ActorKind;
  /** Every distinct spelling seen, canonical name included. */
  surfaceForms: string[];
  /** Offsets refer to the document the actor was found in. */
  mentions: ActorMention[];
  acronym?: string;
  /** id of the organisation this one belongs to (Quds Force → IRGC). */
  partOf?: string;
  /** Country the actor belongs to or acts for, when the text says so. */
  countryCode?: string;
  /** Titles seen before a person's name ("President", "Foreign Minister"). */
  titles?: string[];
}

/** A place already found in the text: its words are not actor names. */
export interface PlaceSpan {
  start: number;
  end: number;
  kind: string;
  name: string;
  countryCode?: string;
}
