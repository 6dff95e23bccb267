/**
 * Text as the identifying-data detector reads it, with a way back to the original positions.
 *
 * People write the same number or address in many ways, and some of them on purpose to get past
 * a filter. Before matching, each variant is brought to one form:
 * - compatibility forms (NFKC, per character): full-width digits and `＠`, superscript digits;
 * - every dash (en, em, figure, minus, small and full-width hyphen) becomes `-`;
 * - zero-width characters and soft hyphens are dropped;
 * - a run of horizontal whitespace (also no-break, thin and figure spaces, tabs) becomes one space;
 *   line breaks stay, so that numbers on separate lines are not joined;
 * - `(at)`, `[at]`, `{at}`, `<at>` (any case, spaces inside or around) become `@`, and `(dot)`,
 *   `[dot]`, `(punkt)` become `.`. The plain word ` at ` is left to the email pattern, which
 *   accepts it only before a known top-level domain (English prose is full of "at").
 *
 * `start[i]` and `end[i]` are the original span that normalised character `i` came from, so a
 * finding at [s, e) in the normalised text is [start[s], end[e - 1]) in the original.
 */
export interface NormalisedText {
  text: string;
  start: number[];
  end: number[];
}

const WORD_SYMBOL = /\s*[([{<]\s*(at|dot|punkt)\s*[)\]}>]\s*/giy;
const DASHES = /[\u2010-\u2015\u2212\u2043\ufe58\ufe63\uff0d]/;
const DROPPED = /[\u00ad\u180e\u200b-\u200d\u2060\ufeff]/;
const HORIZONTAL_SPACE = /[^\S\r\n\u2028\u2029]/;

const MAY_OPEN_WORD_SYMBOL = /[\s([{<]/;

function wordSymbolAt(text: string, at: number): RegExpExecArray | null {
  WORD_SYMBOL.lastIndex = at;
  const found = WORD_SYMBOL.exec(text);
  return found && found[0].length > 0 ? found : null;
}

export function normaliseForDetection(original: string): NormalisedText {
  const out: string[] = [];
  const start: number[] = [];
  const end: number[] = [];
  const emit = (text: string, from: number, to: number) => {
    // Positions are UTF-16 code units, like the detector's: an astral character takes two.
    for (let k = 0; k < text.length; k++) {
      out.push(text[k]);
      start.push(from);
      end.push(to);
    }
  };
  let i = 0;
  while (i < original.length) {
    const word = MAY_OPEN_WORD_SYMBOL.test(original[i]) ? wordSymbolAt(original, i) : null;
    if (word) {
      emit(word[1].toLowerCase() === 'at' ? '@' : '.', i, i + word[0].length);
      i += word[0].length;
      continue;
    }
    const char = String.fromCodePoint(original.codePointAt(i) as number);
    const next = i + char.length;
    if (DROPPED.test(char)) {
      i = next;
      continue;
    }
    if (HORIZONTAL_SPACE.test(char)) {
      let to = next;
      while (to < original.length && HORIZONTAL_SPACE.test(original[to])) to += 1;
      emit(' ', i, to);
      i = to;
      continue;
    }
    if (DASHES.test(char)) {
      emit('-', i, next);
      i = next;
      continue;
    }
    const compatible = char.normalize('NFKC');
    emit(DASHES.test(compatible) ? '-' : compatible, i, next);
    i = next;
  }
  return { text: out.join(''), start, end };
}
