import pluralizeWords from 'pluralize';

// English plurals and singulars of kinds and resource names, as kubebuilder makes them.

/**
 * Where kubebuilder's pluralizer (gobuffalo/flect) gives a correct English plural that the pluralize library does
 * not, flect wins, so a kind gets the resource name a kubebuilder user expects. pluralize's answer stays where flect's
 * is a known slip (demo → demoes, cafe → caves, giraffe → girafves, octopus → octupuses, gas → gas).
 */
const FLECT_IRREGULAR: Array<[string, string]> = [
  ['agenda', 'agendas'],
  ['apex', 'apices'],
  ['aquarium', 'aquaria'],
  ['buffalo', 'buffaloes'],
  ['bureau', 'bureaus'],
  ['cherub', 'cherubs'],
  ['corpus', 'corpora'],
  ['curriculum', 'curriculums'],
  ['dogma', 'dogmas'],
  ['dwarf', 'dwarfs'],
  ['fabliau', 'fabliaux'],
  ['fungus', 'funguses'],
  ['helix', 'helices'],
  ['larva', 'larvae'],
  ['lemma', 'lemmas'],
  ['medium', 'media'],
  ['radix', 'radices'],
  ['schema', 'schemas'],
  ['staff', 'staffs'],
  ['stigma', 'stigmas'],
  ['topaz', 'topazes'],
  ['virus', 'viruses'],
];
const FLECT_UNCOUNTABLE = ['money'];

let configured = false;

/**
 * The pluralize library with flect's rules added. Its rules are the library's global state: they are set up here, on
 * the first inflection, rather than by importing this module, so that importing has no effect of its own.
 */
function inflector(): typeof pluralizeWords {
  if (!configured) {
    for (const [singular, plural] of FLECT_IRREGULAR) pluralizeWords.addIrregularRule(singular, plural);
    for (const word of FLECT_UNCOUNTABLE) pluralizeWords.addUncountableRule(word);
    // flect's suffix rules: quiz → quizzes, fez → fezzes, waltz → waltzes, buzz → buzzes, plateau → plateaux.
    pluralizeWords.addPluralRule(/z$/i, 'zes');
    pluralizeWords.addPluralRule(/([ie])z$/i, '$1zzes');
    pluralizeWords.addPluralRule(/eau$/i, 'eaux');
    configured = true;
  }
  return pluralizeWords;
}

/**
 * The lower-case plural resource name of a kind, as kubebuilder derives it (Quiz → quizzes, Mouse → mice,
 * Person → people, Policy → policies, Status → statuses, Index → indices). Only the last word of the kind is
 * inflected, so ClusterPerson → clusterpeople; a kind that is already plural keeps its form (Endpoints → endpoints,
 * Cats → cats), as Kubernetes' own Endpoints does.
 */
export function pluralize(kind: string): string {
  const last = /(?:[A-Z][a-z0-9]+|[A-Z]+[0-9]*)$/.exec(kind)?.[0] ?? kind;
  return (kind.slice(0, kind.length - last.length) + inflector().plural(last.toLowerCase())).toLowerCase();
}

/** English singular of a lowercase plural: compositions → composition, policies → policy, statuses → status. */
export function singularize(plural: string): string {
  return inflector().singular(plural);
}
