/**
 * What a draft alert tells travellers to do, per event kind and advisory level, in every language
 * Warden writes messages in (the languages of src/delivery/messages/labels.ts).
 *
 * Invariants: a departure line is written only when the extraction carries departure advice by an
 * authority (the caller decides); every kind of the taxonomy has a line in every language (the type
 * system checks both), so a flood draft never falls back to "keep a low profile".
 */
import { LABELS, type SupportedLanguage } from '../../delivery/messages/labels.js';
import type { EventKind } from './events.js';

export const draftLanguages = Object.keys(LABELS) as SupportedLanguage[];

type Phrase = Readonly<Record<SupportedLanguage, string>>;

/** What to do about one kind of event. */
export const KIND_INSTRUCTIONS: Readonly<Record<EventKind, Phrase>> = {
  military_strike: {
    en: 'Shelter in a sturdy building away from windows and stay away from military and government sites.',
    fr: 'Abritez-vous dans un bâtiment solide, loin des fenêtres, et tenez-vous à l’écart des sites militaires et gouvernementaux.',
    es: 'Refúgiese en un edificio sólido, lejos de las ventanas, y manténgase alejado de instalaciones militares y gubernamentales.',
    ar: 'احتموا داخل مبنى متين بعيداً عن النوافذ وابتعدوا عن المواقع العسكرية والحكومية.',
  },
  diplomatic_facility_attack: {
    en: 'Stay away from the embassy and its surroundings; contact us by phone or e-mail instead of coming in person.',
    fr: 'Tenez-vous à l’écart de l’ambassade et de ses abords ; contactez-nous par téléphone ou courriel au lieu de vous déplacer.',
    es: 'Manténgase alejado de la embajada y sus alrededores; contáctenos por teléfono o correo electrónico en lugar de acudir en persona.',
    ar: 'ابتعدوا عن السفارة ومحيطها، وتواصلوا معنا بالهاتف أو البريد الإلكتروني بدلاً من الحضور شخصياً.',
  },
  coup: {
    en: 'Shelter where you are, avoid crowds and security forces, and keep your passport and documents ready.',
    fr: 'Restez à l’abri là où vous êtes, évitez les foules et les forces de sécurité, et gardez votre passeport et vos documents à portée de main.',
    es: 'Permanezca resguardado donde está, evite las aglomeraciones y las fuerzas de seguridad, y tenga listos su pasaporte y sus documentos.',
    ar: 'ابقوا في أماكن آمنة حيث أنتم، وتجنبوا التجمعات وقوات الأمن، واحتفظوا بجوازات سفركم ووثائقكم جاهزة.',
  },
  curfew: {
    en: 'Respect the curfew: be indoors before it starts and carry your identity document.',
    fr: 'Respectez le couvre-feu : soyez à l’intérieur avant son début et ayez toujours une pièce d’identité sur vous.',
    es: 'Respete el toque de queda: esté bajo techo antes de que empiece y lleve consigo su documento de identidad.',
    ar: 'التزموا بحظر التجول: كونوا داخل المنازل قبل بدئه واحملوا وثيقة هويتكم.',
  },
  border_closure: {
    en: 'Check with your airline or transport company before travelling to the airport or a border crossing.',
    fr: 'Vérifiez auprès de votre compagnie aérienne ou de transport avant de vous rendre à l’aéroport ou à un poste-frontière.',
    es: 'Consulte con su aerolínea o empresa de transporte antes de ir al aeropuerto o a un paso fronterizo.',
    ar: 'تحققوا من شركة الطيران أو النقل قبل التوجه إلى المطار أو إلى أي معبر حدودي.',
  },
  siege_protest: {
    en: 'Avoid demonstrations and large gatherings; they can turn violent without warning.',
    fr: 'Évitez les manifestations et les grands rassemblements ; ils peuvent dégénérer sans prévenir.',
    es: 'Evite las manifestaciones y las grandes concentraciones; pueden volverse violentas sin previo aviso.',
    ar: 'تجنبوا المظاهرات والتجمعات الكبيرة، فقد تتحول إلى العنف دون سابق إنذار.',
  },
  crowd_crush: {
    en: 'Stay away from the site and avoid dense crowds; if caught in one, move diagonally towards its edge.',
    fr: 'Tenez-vous à l’écart du site et évitez les foules denses ; si vous êtes pris dans l’une d’elles, avancez en diagonale vers le bord.',
    es: 'Manténgase alejado del lugar y evite las multitudes densas; si queda atrapado en una, avance en diagonal hacia el borde.',
    ar: 'ابتعدوا عن الموقع وتجنبوا الحشود الكثيفة، وإذا علقتم في حشد فتحركوا بشكل مائل نحو أطرافه.',
  },
  mass_casualty_accident: {
    en: 'Keep away from the scene so rescue services can work; hospitals nearby may be busy.',
    fr: 'Tenez-vous à l’écart des lieux pour laisser travailler les secours ; les hôpitaux voisins peuvent être saturés.',
    es: 'Manténgase alejado del lugar para que trabajen los servicios de rescate; los hospitales cercanos pueden estar saturados.',
    ar: 'ابتعدوا عن موقع الحادث لإفساح المجال لفرق الإنقاذ، وقد تكون المستشفيات القريبة مزدحمة.',
  },
  threat_warning: {
    en: 'Be vigilant, vary your routes and stay away from places named in the threat.',
    fr: 'Soyez vigilant, variez vos itinéraires et tenez-vous à l’écart des lieux visés par la menace.',
    es: 'Manténgase alerta, varíe sus rutas y aléjese de los lugares mencionados en la amenaza.',
    ar: 'كونوا يقظين، وغيّروا طرق تنقلكم، وابتعدوا عن الأماكن المذكورة في التهديد.',
  },
  evacuation_departure: {
    en: 'Follow evacuation orders of the local authorities and keep your documents and essentials ready.',
    fr: 'Suivez les ordres d’évacuation des autorités locales et gardez vos documents et l’essentiel à portée de main.',
    es: 'Siga las órdenes de evacuación de las autoridades locales y tenga listos sus documentos y lo imprescindible.',
    ar: 'اتبعوا أوامر الإخلاء الصادرة عن السلطات المحلية واحتفظوا بوثائقكم وحاجاتكم الأساسية جاهزة.',
  },
  suspension_of_services: {
    en: 'Expect services and flights to be disrupted; confirm before you travel.',
    fr: 'Attendez-vous à des perturbations des services et des vols ; vérifiez avant de vous déplacer.',
    es: 'Prevea interrupciones de servicios y vuelos; confirme antes de desplazarse.',
    ar: 'توقعوا اضطراباً في الخدمات والرحلات الجوية، وتأكدوا قبل السفر.',
  },
  kidnapping: {
    en: 'Avoid travel after dark and to isolated areas; tell someone you trust where you are going.',
    fr: 'Évitez de vous déplacer de nuit et dans les zones isolées ; dites à une personne de confiance où vous allez.',
    es: 'Evite desplazarse de noche y a zonas aisladas; diga a alguien de confianza adónde va.',
    ar: 'تجنبوا التنقل ليلاً وفي المناطق المعزولة، وأخبروا شخصاً تثقون به بوجهتكم.',
  },
  hostage_taking: {
    en: 'Stay away from the area and follow the instructions of the security forces.',
    fr: 'Tenez-vous à l’écart de la zone et suivez les instructions des forces de sécurité.',
    es: 'Manténgase alejado de la zona y siga las instrucciones de las fuerzas de seguridad.',
    ar: 'ابتعدوا عن المنطقة واتبعوا تعليمات قوات الأمن.',
  },
  terrorist_attack: {
    en: 'Stay away from the scene, expect further attacks and security operations, and follow police instructions.',
    fr: 'Tenez-vous à l’écart des lieux, attendez-vous à d’autres attaques et à des opérations de sécurité, et suivez les consignes de la police.',
    es: 'Manténgase alejado del lugar, prevea nuevos ataques y operativos de seguridad, y siga las instrucciones de la policía.',
    ar: 'ابتعدوا عن موقع الهجوم، وتوقعوا هجمات أخرى وعمليات أمنية، واتبعوا تعليمات الشرطة.',
  },
  armed_clash: {
    en: 'Stay indoors away from windows while fighting continues and do not travel through the affected area.',
    fr: 'Restez à l’intérieur, loin des fenêtres, tant que les combats se poursuivent et ne traversez pas la zone touchée.',
    es: 'Permanezca bajo techo, lejos de las ventanas, mientras continúen los combates y no atraviese la zona afectada.',
    ar: 'ابقوا داخل المباني بعيداً عن النوافذ ما دام القتال مستمراً، ولا تعبروا المنطقة المتضررة.',
  },
  natural_disaster: {
    en: 'Follow the instructions of the local emergency services and keep water, food and medicine for several days.',
    fr: 'Suivez les consignes des services de secours locaux et gardez de l’eau, de la nourriture et vos médicaments pour plusieurs jours.',
    es: 'Siga las instrucciones de los servicios de emergencia locales y tenga agua, comida y medicamentos para varios días.',
    ar: 'اتبعوا تعليمات خدمات الطوارئ المحلية واحتفظوا بالماء والطعام والأدوية لعدة أيام.',
  },
  earthquake: {
    en: 'Expect aftershocks: stay out of damaged buildings and, if shaking starts, drop, take cover and hold on.',
    fr: 'Attendez-vous à des répliques : n’entrez pas dans les bâtiments endommagés et, si la terre tremble, baissez-vous, abritez-vous et tenez-vous.',
    es: 'Prevea réplicas: no entre en edificios dañados y, si empieza a temblar, agáchese, cúbrase y sujétese.',
    ar: 'توقعوا هزات ارتدادية: لا تدخلوا المباني المتضررة، وعند الاهتزاز انبطحوا واحتموا وتمسكوا.',
  },
  tsunami: {
    en: 'Move to high ground or inland now and stay there until the authorities say it is safe.',
    fr: 'Gagnez immédiatement les hauteurs ou l’intérieur des terres et restez-y jusqu’à ce que les autorités annoncent la fin du danger.',
    es: 'Diríjase ahora a zonas altas o hacia el interior y permanezca allí hasta que las autoridades indiquen que no hay peligro.',
    ar: 'توجهوا فوراً إلى المرتفعات أو بعيداً عن الساحل وابقوا هناك حتى تعلن السلطات زوال الخطر.',
  },
  cyclone: {
    en: 'Stay indoors away from windows, follow evacuation orders and keep water, food and a charged phone.',
    fr: 'Restez à l’intérieur loin des fenêtres, suivez les ordres d’évacuation et gardez de l’eau, de la nourriture et un téléphone chargé.',
    es: 'Permanezca bajo techo lejos de las ventanas, siga las órdenes de evacuación y tenga agua, comida y un teléfono cargado.',
    ar: 'ابقوا داخل المباني بعيداً عن النوافذ، واتبعوا أوامر الإخلاء، واحتفظوا بالماء والطعام وهاتف مشحون.',
  },
  flood: {
    en: 'Move to higher ground and do not walk or drive through flood water.',
    fr: 'Gagnez un terrain plus élevé et ne traversez pas les eaux de crue, ni à pied ni en voiture.',
    es: 'Diríjase a un terreno más alto y no camine ni conduzca por zonas inundadas.',
    ar: 'انتقلوا إلى أرض مرتفعة ولا تعبروا مياه الفيضانات سيراً أو بالسيارة.',
  },
  wildfire: {
    en: 'Leave the area when told to, keep away from smoke and follow the fire services’ instructions.',
    fr: 'Quittez la zone dès qu’on vous le demande, éloignez-vous de la fumée et suivez les consignes des pompiers.',
    es: 'Abandone la zona cuando se lo indiquen, aléjese del humo y siga las instrucciones de los bomberos.',
    ar: 'غادروا المنطقة عند طلب ذلك، وابتعدوا عن الدخان، واتبعوا تعليمات الدفاع المدني.',
  },
  volcanic_eruption: {
    en: 'Keep out of the exclusion zone, stay indoors if ash falls and expect flight disruption.',
    fr: 'Restez hors de la zone d’exclusion, demeurez à l’intérieur en cas de chute de cendres et attendez-vous à des perturbations aériennes.',
    es: 'No entre en la zona de exclusión, permanezca bajo techo si cae ceniza y prevea alteraciones en los vuelos.',
    ar: 'ابقوا خارج منطقة الحظر، والزموا الأماكن المغلقة عند تساقط الرماد، وتوقعوا اضطراب الرحلات الجوية.',
  },
  landslide: {
    en: 'Stay away from slopes and river valleys in the area and follow evacuation orders.',
    fr: 'Tenez-vous à l’écart des pentes et des vallées de la zone et suivez les ordres d’évacuation.',
    es: 'Aléjese de las laderas y los valles fluviales de la zona y siga las órdenes de evacuación.',
    ar: 'ابتعدوا عن المنحدرات ووديان الأنهار في المنطقة واتبعوا أوامر الإخلاء.',
  },
  avalanche: {
    en: 'Keep off closed slopes and mountain roads and follow the local avalanche warnings.',
    fr: 'Ne vous aventurez pas sur les pistes et routes de montagne fermées et suivez les bulletins d’avalanche locaux.',
    es: 'No acceda a pistas ni carreteras de montaña cerradas y siga los avisos locales de avalanchas.',
    ar: 'لا تسلكوا المنحدرات والطرق الجبلية المغلقة واتبعوا تحذيرات الانهيارات الثلجية المحلية.',
  },
  tornado: {
    en: 'Shelter in an inner room on the lowest floor, away from windows, until the warning ends.',
    fr: 'Abritez-vous dans une pièce intérieure au niveau le plus bas, loin des fenêtres, jusqu’à la fin de l’alerte.',
    es: 'Refúgiese en una habitación interior de la planta más baja, lejos de las ventanas, hasta que termine el aviso.',
    ar: 'احتموا في غرفة داخلية في الطابق الأدنى بعيداً عن النوافذ حتى انتهاء التحذير.',
  },
  disease_outbreak: {
    en: 'Follow the health authorities’ measures: wash your hands often, avoid contact with the sick and seek care early if you have symptoms.',
    fr: 'Suivez les mesures des autorités sanitaires : lavez-vous souvent les mains, évitez le contact avec les malades et consultez tôt en cas de symptômes.',
    es: 'Siga las medidas de las autoridades sanitarias: lávese las manos a menudo, evite el contacto con enfermos y busque atención pronto si tiene síntomas.',
    ar: 'اتبعوا تدابير السلطات الصحية: اغسلوا أيديكم كثيراً، وتجنبوا مخالطة المرضى، واطلبوا الرعاية مبكراً عند ظهور الأعراض.',
  },
  other: {
    en: 'Follow the instructions of the local authorities.',
    fr: 'Suivez les consignes des autorités locales.',
    es: 'Siga las instrucciones de las autoridades locales.',
    ar: 'اتبعوا تعليمات السلطات المحلية.',
  },
};

/** A closing line per advisory level (1–4): what the situation asks of everyone in the area. */
export const LEVEL_INSTRUCTIONS: Readonly<Record<1 | 2 | 3 | 4, Phrase>> = {
  1: {
    en: 'Monitor local media.',
    fr: 'Suivez les médias locaux.',
    es: 'Siga los medios de comunicación locales.',
    ar: 'تابعوا وسائل الإعلام المحلية.',
  },
  2: {
    en: 'Exercise increased caution and monitor local media.',
    fr: 'Faites preuve d’une vigilance accrue et suivez les médias locaux.',
    es: 'Extreme las precauciones y siga los medios de comunicación locales.',
    ar: 'توخوا مزيداً من الحذر وتابعوا وسائل الإعلام المحلية.',
  },
  3: {
    en: 'Limit your movements to what is essential and reconsider travel to the area.',
    fr: 'Limitez vos déplacements au strict nécessaire et reconsidérez tout voyage vers la zone.',
    es: 'Limite sus desplazamientos a lo imprescindible y reconsidere viajar a la zona.',
    ar: 'اقتصروا في تنقلاتكم على الضروري وأعيدوا النظر في السفر إلى المنطقة.',
  },
  4: {
    en: 'Do not travel to the area; keep your passport, money and essential medicine ready to leave at short notice.',
    fr: 'Ne vous rendez pas dans la zone ; gardez passeport, argent et médicaments essentiels prêts pour partir à bref délai.',
    es: 'No viaje a la zona; tenga listos su pasaporte, dinero y medicamentos esenciales para salir con poca antelación.',
    ar: 'لا تسافروا إلى المنطقة، واحتفظوا بجواز السفر والمال والأدوية الأساسية جاهزة للمغادرة في أي وقت.',
  },
};

export const CHECK_IN: Phrase = {
  en: 'Tell us you are safe when asked.',
  fr: 'Dites-nous que vous êtes en sécurité lorsque nous vous le demandons.',
  es: 'Díganos que está a salvo cuando se lo pidamos.',
  ar: 'أخبرونا بأنكم بخير عندما نطلب ذلك.',
};

export const CONSULAR_SUSPENDED: Phrase = {
  en: 'Public consular services are suspended until further notice.',
  fr: 'Les services consulaires au public sont suspendus jusqu’à nouvel ordre.',
  es: 'Los servicios consulares al público están suspendidos hasta nuevo aviso.',
  ar: 'الخدمات القنصلية العامة معلّقة حتى إشعار آخر.',
};

const DEPART: Readonly<Record<SupportedLanguage, (countries: string) => string>> = {
  en: (c) => `Depart ${c} immediately if it is safe to do so.`,
  fr: (c) => `Quittez ${c} immédiatement si vous pouvez le faire en sécurité.`,
  es: (c) => `Salga de ${c} de inmediato si puede hacerlo con seguridad.`,
  ar: (c) => `غادروا ${c} فوراً إذا كان ذلك آمناً.`,
};

const AVOID: Readonly<Record<SupportedLanguage, (facility: string) => string>> = {
  en: (f) => `Do not approach the ${f}.`,
  fr: (f) => `N’approchez pas du lieu suivant : ${f}.`,
  es: (f) => `No se acerque al siguiente lugar: ${f}.`,
  ar: (f) => `لا تقتربوا من: ${f}.`,
};

const AND: Readonly<Record<SupportedLanguage, string>> = { en: ' and ', fr: ' et ', es: ' y ', ar: ' و' };

/** A country's name in a language (Intl's CLDR names; the English name as written in the source for 'en'). */
export function countryNameIn(language: SupportedLanguage, code: string, english: string): string {
  if (language === 'en') return english;
  try {
    return new Intl.DisplayNames([language], { type: 'region' }).of(code) ?? english;
  } catch {
    return english;
  }
}

export interface InstructionInput {
  /** Countries an authority advised its citizens to leave: code and English name. */
  depart: Array<{ code: string; name: string }>;
  avoidFacility?: string;
  consularSuspended: boolean;
  /** Event kinds, most important first. */
  kinds: EventKind[];
  level: 1 | 2 | 3 | 4;
}

/** The instruction in one language: departure, facility, consular line, one line per kind (≤ 3), the level's line, check-in. */
export function instructionIn(language: SupportedLanguage, input: InstructionInput): string {
  const parts: string[] = [];
  if (input.depart.length > 0) parts.push(DEPART[language](input.depart.map((c) => countryNameIn(language, c.code, c.name)).join(AND[language])));
  if (input.avoidFacility) parts.push(AVOID[language](input.avoidFacility));
  if (input.consularSuspended) parts.push(CONSULAR_SUSPENDED[language]);
  for (const kind of [...new Set(input.kinds)].slice(0, 3)) parts.push(KIND_INSTRUCTIONS[kind][language]);
  parts.push(LEVEL_INSTRUCTIONS[input.level][language], CHECK_IN[language]);
  return [...new Set(parts)].join(' ');
}

export function instructionsFor(input: InstructionInput): Record<SupportedLanguage, string> {
  return Object.fromEntries(draftLanguages.map((l) => [l, instructionIn(l, input)])) as Record<SupportedLanguage, string>;
}
