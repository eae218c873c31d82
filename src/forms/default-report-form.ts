import type { FormDefinition } from './form-definition';

/** Slug of the form `init` seeds. */
export const DEFAULT_FORM_SLUG = 'report';

type Choice = [value: string, en: string, ru: string];
const choices = (list: Choice[]) => list.map(([value, en, ru]) => ({ value, label: { en, ru } }));

/**
 * The default intake form, modelled on a hotline's intake conversation. What identifies or locates
 * a person (the story, a name, a way to reach them) is sensitive; what analysts count (month,
 * region, kind of incident, urgency answers, language) is a fixed choice and statistical. The
 * region list is an example for the North Caucasus and is edited through `PUT /forms/report`.
 */
export function defaultReportFormDefinition(): FormDefinition {
  return {
    title: { en: 'Report what happened', ru: 'Сообщите, что произошло' },
    description: {
      en: 'Everything you write is encrypted before it is stored. Only the response team can read it.',
      ru: 'Всё, что вы напишете, шифруется до сохранения. Прочитать это может только команда помощи.',
    },
    languages: ['en', 'ru'],
    fields: [
      {
        key: 'what_happened',
        type: 'long_text',
        label: { en: 'What happened?', ru: 'Что произошло?' },
        help: {
          en: 'Describe it in your own words. Leave out anything you do not want to share.',
          ru: 'Опишите своими словами. Не пишите того, чем не хотите делиться.',
        },
        required: true,
        classification: 'sensitive',
      },
      {
        key: 'incident_month',
        type: 'month',
        label: { en: 'When did it happen (month)?', ru: 'Когда это произошло (месяц)?' },
        required: false,
        classification: 'statistical',
        statistic: 'incident_month',
      },
      {
        key: 'region',
        type: 'single_choice',
        label: { en: 'Where did it happen?', ru: 'Где это произошло?' },
        required: false,
        classification: 'statistical',
        statistic: 'region',
        choices: choices([
          ['chechnya', 'Chechnya', 'Чечня'],
          ['ingushetia', 'Ingushetia', 'Ингушетия'],
          ['dagestan', 'Dagestan', 'Дагестан'],
          ['moscow', 'Moscow', 'Москва'],
          ['st_petersburg', 'St Petersburg', 'Санкт-Петербург'],
          ['other_russia', 'Elsewhere in Russia', 'Другой регион России'],
          ['outside_russia', 'Outside Russia', 'За пределами России'],
          ['unknown', 'I do not know / prefer not to say', 'Не знаю / не хочу говорить'],
        ]),
      },
      {
        key: 'incident_kind',
        type: 'multiple_choice',
        label: { en: 'What kind of incident was it?', ru: 'Что это было?' },
        required: true,
        classification: 'statistical',
        statistic: 'category',
        choices: choices([
          ['detention', 'Detention', 'Задержание'],
          ['abduction', 'Abduction', 'Похищение'],
          ['beating_torture', 'Beating or torture', 'Избиение или пытки'],
          ['threats_relatives', 'Threats from relatives', 'Угрозы со стороны родственников'],
          [
            'threats_police',
            'Threats from police or security services',
            'Угрозы со стороны полиции или силовиков',
          ],
          ['entrapment_blackmail', 'Entrapment or blackmail', 'Провокация или шантаж'],
          ['documents_taken', 'Documents taken', 'Отобрали документы'],
          ['disappearance', 'Disappearance', 'Исчезновение человека'],
          ['killing', 'Killing', 'Убийство'],
          ['other', 'Something else', 'Другое'],
        ]),
      },
      {
        key: 'detained_now',
        type: 'boolean',
        label: { en: 'Is anyone detained right now?', ru: 'Кто-то сейчас задержан?' },
        required: true,
        classification: 'statistical',
        urgentAnswers: [true],
      },
      {
        key: 'in_danger_now',
        type: 'boolean',
        label: { en: 'Is someone in danger right now?', ru: 'Кому-то сейчас угрожает опасность?' },
        required: true,
        classification: 'statistical',
        urgentAnswers: [true],
      },
      {
        key: 'wants_evacuation',
        type: 'boolean',
        label: { en: 'Do you want help to leave?', ru: 'Нужна ли помощь с выездом?' },
        required: true,
        classification: 'statistical',
        urgentAnswers: [true],
      },
      {
        key: 'who_at_risk',
        type: 'single_choice',
        label: { en: 'Who is at risk?', ru: 'Кто в опасности?' },
        required: true,
        classification: 'statistical',
        choices: choices([
          ['self', 'Me', 'Я'],
          ['someone_else', 'Someone else', 'Другой человек'],
        ]),
      },
      {
        key: 'contact_channel',
        type: 'single_choice',
        label: { en: 'How can we reach you safely?', ru: 'Как с вами безопасно связаться?' },
        required: false,
        classification: 'sensitive',
        choices: choices([
          ['telegram', 'Telegram', 'Telegram'],
          ['signal', 'Signal', 'Signal'],
          ['whatsapp', 'WhatsApp', 'WhatsApp'],
          ['phone', 'Phone call', 'Телефонный звонок'],
          ['email', 'Email', 'Электронная почта'],
          ['other', 'Other', 'Другое'],
        ]),
      },
      {
        key: 'contact_handle',
        type: 'handle',
        label: { en: 'Your number, username or address there', ru: 'Ваш номер, имя пользователя или адрес' },
        help: {
          en: 'Only if it is safe: someone else may see messages on your phone.',
          ru: 'Только если это безопасно: кто-то может увидеть сообщения на вашем телефоне.',
        },
        required: false,
        classification: 'sensitive',
      },
      {
        key: 'name_or_alias',
        type: 'text',
        label: { en: 'A name or alias we can call you', ru: 'Имя или псевдоним, как к вам обращаться' },
        required: false,
        classification: 'sensitive',
      },
      {
        key: 'preferred_language',
        type: 'single_choice',
        label: { en: 'Preferred language', ru: 'Предпочитаемый язык' },
        required: false,
        classification: 'statistical',
        choices: choices([
          ['ru', 'Russian', 'Русский'],
          ['ce', 'Chechen', 'Чеченский'],
          ['en', 'English', 'Английский'],
          ['other', 'Other', 'Другой'],
        ]),
      },
    ],
  };
}
