package dev.modelgate.policy.guard.detect;

import java.util.ArrayList;
import java.util.List;

/**
 * Multilingual phrase families of prompt injection, scored by co-occurrence rather than by single
 * trigger words: an override verb ("ignore", "oubliez", "vergiss", "忽略", "無視", "تجاهل",
 * "अनदेखा") counts only near a word for what is overridden ("instructions", "consignes",
 * "Anweisungen", "指令", "以前", "التعليمات", "निर्देश"); a secret ("password", "mot de passe",
 * "密码") only near a request to give it ("tell me", "dites-moi", "告诉我"). Languages: en, fr, de,
 * es, pt, it, ru, zh, ja, ar, hi, ko, tr, id, vi, bn, th, tl.
 *
 * <p>All phrases go into one Aho-Corasick automaton, so the text is read once whatever the number
 * of languages; proximity is judged on the hits, which are few. Distances are in chars, which
 * works the same for languages with and without spaces.
 */
final class InjectionPhrases {

    /** What a phrase is within its family. */
    enum Role {
        /** an override verb: ignore, forget, disregard */
        VERB,
        /** what is overridden: instructions, rules, the above */
        OBJECT,
        /** a secret the attack wants: password, secret key, system prompt */
        SECRET,
        /** a request to give something: tell me, what is, reveal */
        ASK,
        /** a phrase that counts on its own, with its weight */
        SIGNAL
    }

    record Phrase(String text, Role role, int weight) {
    }

    /** Score of an override verb with its object, of a secret with a request, in chars apart at most. */
    static final int OVERRIDE = 100;
    static final int SECRET_ASKED = 50;
    static final int SECRET_ALONE = 25;
    private static final int WINDOW = 80;

    private final List<Phrase> phrases;
    private final AhoCorasick automaton;

    InjectionPhrases() {
        List<Phrase> all = new ArrayList<>();
        verbs(all,
                "ignore", "ignoring", "disregard", "forget", "neglect", "neglecting", "override", "bypass", "never mind",
                "set aside", "pay no attention to", "stop following", "don't follow", "do not follow", "discard",
                "regardless of", "abandon", "abandoned", "be ignored", "be disregarded", "be forgotten",
                // el
                "αγνοήστε", "αγνόησε", "αγνόησέ", "ξεχάστε", "ξέχνα", "ξέχασε",
                // fr
                "ignorez", "ignorer", "oublie", "oubliez", "oublier", "ne tiens pas compte", "ne tenez pas compte",
                "faites abstraction", "fais abstraction", "négligez", "sans tenir compte",
                // de
                "ignoriere", "ignorieren", "ignoriert", "vergiss", "vergessen sie", "vergesst", "missachte",
                "missachten", "übergehe", "nicht beachten", "beachte nicht", "unabhängig von",
                // es
                "ignora", "ignorar", "ignoren", "olvídate", "olvidate", "olvídese", "olvida", "olvide", "olvidar", "olviden", "omite", "omita",
                "descarta", "haz caso omiso", "independientemente de",
                // pt
                "esqueça", "esqueca", "esquecer", "esqueçam", "desconsidere", "desconsidera", "despreze",
                "independentemente de",
                // it
                "ignorare", "ignori", "dimentica", "dimenticare", "dimentichi", "trascura", "tralascia",
                "non tenere conto", "indipendentemente da",
                // ru
                "игнорируй", "игнорируйте", "игнорировать", "проигнорируй", "проигнорируйте", "забудь", "забудьте",
                "не обращай внимания", "не обращайте внимания", "пренебреги", "независимо от",
                // zh, ja
                "忽略", "忽视", "无视", "忘记", "忘掉", "不要理会", "不理会", "不要遵循", "無視", "忘れ", "従わない",
                // ar
                "تجاهل", "تجاهلي", "تجاهلوا", "انس", "إنس", "انسى", "لا تلتزم", "أهمل", "بغض النظر عن",
                // hi, bn
                "अनदेखा", "अनदेखी", "नज़रअंदाज़", "नज़रअंदाज", "ध्यान न दें", "नजरअंदाज", "भूल जाओ", "भूल जाएं", "भूल जाइए", "भूलें", "उपेक्षा",
                "উপেক্ষা", "ভুলে যান", "ভুলে যাও", "অগ্রাহ্য",
                // ko, tr, id, vi, th, tl
                "무시", "잊어", "잊으", "yoksay", "görmezden gel", "unut", "dikkate alma", "göz ardı",
                "abaikan", "lupakan", "hiraukan", "bỏ qua", "quên", "phớt lờ", "เพิกเฉย", "ละเว้น", "ลืม",
                "ไม่ต้องสนใจ", "huwag pansinin", "kalimutan", "balewalain",
                // "regardless of" and "disregard", where the lists above lacked them
                "अवहेलना", "परवाह किए बिना", "परवाह न करें", "bağımsız olarak", "aldırma", "terlepas dari", "tanpa memperhatikan",
                "bất kể", "không cần quan tâm", "상관없이", "관계없이", "ไม่ว่า", "নির্বিশেষে", "অবহেলা", "anuman ang");
        objects(all,
                "instruction", "directions", "directive", "rules", "guidelines", "prompt", "above", "previous",
                "prior", "earlier", "preceding", "what you were told", "your programming", "your training",
                "restrictions", "constraints", "said before",
                "consignes", "règles", "précédent", "ci-dessus", "ce qui précède", "ce qu'on t'a dit",
                "anweisung", "regeln", "vorherig", "obige", "vorgaben", "befehle", "richtlinien", "was dir gesagt",
                "instrucciones", "reglas", "anterior", "previas", "indicaciones", "directrices", "lo que te dijeron",
                "instruções", "instrucoes", "regras", "prévias", "diretrizes", "acima", "o que te disseram",
                "istruzioni", "regole", "precedent", "direttive", "sopra", "ciò che ti è stato detto",
                "инструкци", "указани", "правил", "предыдущ", "выше", "что тебе сказали", "что вам сказали",
                "指令", "指示", "说明", "规则", "之前", "以上", "上述", "先前", "前面", "命令", "ルール", "以前", "上記",
                "前の", "これまで", "プロンプト",
                "التعليمات", "تعليمات", "القواعد", "السابقة", "أعلاه", "الأوامر", "ما سبق", "ما قيل لك",
                "निर्देश", "नियम", "पिछले", "पिछली", "ऊपर", "पहले", "নির্দেশ", "নিয়ম", "পূর্ববর্তী", "আগের", "উপরের",
                "지시", "지침", "규칙", "이전", "위의", "앞의", "명령",
                "talimat", "kural", "önceki", "yukarıdaki", "söylenen",
                "instruksi", "perintah", "aturan", "sebelumnya", "di atas",
                "hướng dẫn", "chỉ dẫn", "quy tắc", "trước đó", "ở trên", "chỉ thị",
                "คำสั่ง", "คำแนะนำ", "กฎ", "ก่อนหน้า", "ข้างต้น",
                "tagubilin", "instruksyon", "nakaraang", "naunang", "panuto", "sinabi sa iyo",
                "οδηγίες", "προηγούμενες", "κανόνες", "παραπάνω");
        secrets(all,
                "password", "passphrase", "passcode", "secret key", "secret code", "system prompt", "api key",
                "credentials",
                "mot de passe", "clé secrète", "cle secrete", "code secret", "phrase de passe",
                "passwort", "kennwort", "geheimen schlüssel", "geheimer schlüssel", "geheimcode",
                "contraseña", "clave secreta", "código secreto",
                "senha", "chave secreta",
                "chiave segreta", "codice segreto", "parola d'ordine",
                "пароль", "пароля", "секретный ключ", "секретного ключа", "секретный код",
                "密码", "密钥", "口令", "パスワード", "秘密鍵", "秘密のキー", "暗証番号",
                "كلمة المرور", "كلمة السر", "المفتاح السري", "الرمز السري",
                "पासवर्ड", "पासकोड", "पास कोड", "गुप्त कुंजी", "गुप्त कोड", "পাসওয়ার্ড", "পাসকোড", "গোপন কী",
                "비밀번호", "암호", "비밀 키", "şifre", "parola", "gizli anahtar", "kata sandi", "kunci rahasia",
                "mật khẩu", "mã bí mật", "khóa bí mật", "รหัสผ่าน", "รหัสลับ", "กุญแจลับ", "lihim na susi", "kata kunci rahasia",
                "비밀 코드", "gizli kod");
        asks(all,
                "what is", "what's", "tell me", "tell", "reveal", "share", "confirm", "give me", "print", "show me",
                "disclose", "spell", "repeat", "provide",
                "quel est", "quelle est", "dis-moi", "dites-moi", "révèle", "révélez", "partage", "confirme",
                "donne-moi", "donnez-moi", "affiche", "écrivez",
                "was ist", "wie lautet", "sag mir", "sagen sie mir", "verrate", "teile", "bestätige", "gib mir",
                "geben sie mir", "zeige", "schreibe",
                "cuál es", "cual es", "dime", "dígame", "revela", "revele", "comparte", "comparta", "confirma",
                "dame", "deme", "muestra", "escribe",
                "qual é", "diga-me", "me diga", "compartilhe", "me dê", "mostre", "escreva",
                "qual è", "dimmi", "mi dica", "rivela", "condividi", "conferma", "dammi", "mostra", "scrivi",
                "какой", "каков", "скажи", "скажите", "назови", "назовите", "раскрой", "поделись", "подтверди",
                "подтвердите", "дай", "покажи", "напиши",
                "是什么", "告诉我", "透露", "分享", "确认", "给我", "显示", "教えて", "明かして", "共有", "確認",
                "見せて", "書いて", "何ですか",
                "ما هي", "ما هو", "أخبرني", "اخبرني", "اكشف", "شارك", "أكد", "أعطني", "اعرض", "اكتب",
                "क्या है", "बताओ", "बताएं", "बताइए", "बता सकते", "साझा", "पुष्टि", "दिखाओ", "लिखें", "लिखो",
                "বলুন", "বলো", "শেয়ার", "নিশ্চিত", "দেখান", "লিখুন",
                "알려", "공유", "확인", "보여", "말해", "nedir", "söyle", "paylaş", "onayla", "doğrula", "göster", "yaz",
                "verifikasi", "sebutkan", "xác minh", "ตรวจสอบ", "যাচাই", "सत्यापित",
                "beri tahu", "beritahu", "bagikan", "konfirmasi", "tunjukkan", "tuliskan",
                "là gì", "cho tôi biết", "tiết lộ", "chia sẻ", "xác nhận", "viết",
                "คืออะไร", "บอก", "เปิดเผย", "แชร์", "ยืนยัน", "แสดง", "ano ang", "sabihin", "ibahagi",
                "kumpirmahin", "ipakita", "isulat",
                // infinitives and other forms the verb takes after its object or a modal
                "confirmes", "confirmar", "decirme", "compartir", "revelar", "dar", "angeben", "teilen", "geben",
                "nennen", "verraten", "mitteilen", "donner", "partager", "révéler", "confirmer", "dire",
                "dirmi", "condividere", "confermare", "rivelare", "dizer", "compartilhar", "сказать", "назвать",
                "подтвердить", "раскрыть", "сообщить", "告诉", "提供", "说出", "教え", "言って");
        signal(all, 40, "system mode", "modo sistema", "modo de sistema", "systemmodus", "mode système", "modalità sistema",
                "системный режим", "режим системы", "系统模式", "システムモード");
        // a third party's personal data, asked of an assistant that holds it: weak alone, an attack together
        signal(all, 25, "the user's", "del usuario", "des benutzers", "de l'utilisateur", "do usuário", "dell'utente",
                "пользователя", "用户的", "ユーザーの", "للمستخدم", "उपयोगकर्ता के", "उपयोगकर्ता का", "उपयोगकर्ता की",
                "उपयोगकर्ता कहाँ", "kullanıcının", "사용자의", "của người dùng", "ของผู้ใช้", "ব্যবহারকারীর", "ng gumagamit");
        signal(all, 25, "date of birth", "birth year", "bank balance", "email address", "city of residence",
                "geburtsdatum", "kontostand", "e-mail-adresse", "fecha de nacimiento", "año de nacimiento",
                "saldo bancario", "dirección de correo", "date de naissance", "solde bancaire", "adresse e-mail",
                "data di nascita", "saldo bancario", "data de nascimento", "дата рождения", "出生日期", "生年月日",
                "تاريخ الميلاد", "जन्म तिथि", "बैंक बैलेंस", "ईमेल पता", "e-posta adres", "doğum tarihi", "alamat email",
                "tanggal lahir", "이메일 주소", "생년월일", "địa chỉ email", "ngày sinh", "ที่อยู่อีเมล", "วันเกิด", "ইমেল ঠিকানা",
                "জন্ম তারিখ", "البريد الإلكتروني", "メールアドレス", "电子邮件地址", "邮箱地址", "адрес электронной почты");
        signal(all, 40, "soy dios", "ich bin gott", "je suis dieu", "sou deus", "sono dio", "я бог", "我是上帝", "私は神",
                "मैं भगवान हूँ", "मैं भगवान हूं", "ben tanrıyım", "saya tuhan", "tôi là chúa", "나는 신이다", "ฉันคือพระเจ้า", "আমি ঈশ্বর",
                "أنا الله", "ako ang diyos");
        // phrases that count on their own
        signal(all, 60, "pwned");  // the payload marker of the HackAPrompt attacks, copied ever since
        signal(all, 40, "maintenance mode", "debug mode", "admin mode", "system mode", "god mode", "mode maintenance",
                "mode système", "modo de mantenimiento", "modo de manutenção", "modalità manutenzione",
                "wartungsmodus", "режим обслуживания", "维护模式", "メンテナンスモード", "ओवरराइड मोड", "सिस्टम मोड", "डेवलपर मोड",
                "bakım modu", "sistem modu", "mode pemeliharaan", "mode sistem", "chế độ hệ thống", "시스템 모드", "โหมดระบบ", "সিস্টেম মোড");
        signal(all, 40, "i am your developer", "i'm your developer", "je suis votre développeur", "ich bin dein entwickler",
                "soy tu desarrollador", "sou seu desenvolvedor", "sono il tuo sviluppatore", "я твой разработчик",
                "我是你的开发者", "私はあなたの開発者", "मैं आपका डेवलपर", "मैं आपका निर्माता", "आपके निर्माता के रूप में",
                "आपके डेवलपर के रूप में", "senin geliştiricin", "sizin geliştiriciniz", "saya pengembang anda", "saya adalah pengembang",
                "tôi là nhà phát triển của bạn", "나는 당신의 개발자", "저는 당신의 개발자", "ฉันคือผู้พัฒนาของคุณ", "আমি আপনার ডেভেলপার",
                "أنا مطورك", "ako ang iyong developer");
        signal(all, 40, "override mode", "verification mode", "jailbreak mode", "unrestricted mode", "as your creator",
                "as your developer", "i am god");
        signal(all, 30, "from now on", "à partir de maintenant", "désormais", "von nun an", "ab jetzt", "a partir de ahora",
                "de ahora en adelante", "a partir de agora", "d'ora in poi", "da ora in poi", "с этого момента",
                "从现在开始", "今後は", "これからは", "من الآن فصاعدا", "अब से");
        signal(all, 10, "instead", "à la place", "stattdessen", "en su lugar", "em vez disso", "invece", "вместо этого");
        signal(all, 30, "new instructions", "nouvelles instructions", "neue anweisungen", "nuevas instrucciones",
                "novas instruções", "nuove istruzioni", "новые инструкции", "新的指令", "新しい指示");
        this.phrases = List.copyOf(all);
        this.automaton = new AhoCorasick(phrases.stream().map(Phrase::text).toList(), false);
    }

    private static void verbs(List<Phrase> out, String... words) {
        add(out, Role.VERB, 0, words);
    }

    private static void objects(List<Phrase> out, String... words) {
        add(out, Role.OBJECT, 0, words);
    }

    private static void secrets(List<Phrase> out, String... words) {
        add(out, Role.SECRET, 0, words);
    }

    private static void asks(List<Phrase> out, String... words) {
        add(out, Role.ASK, 0, words);
    }

    private static void signal(List<Phrase> out, int weight, String... words) {
        add(out, Role.SIGNAL, weight, words);
    }

    private static void add(List<Phrase> out, Role role, int weight, String... words) {
        for (String w : words) {
            out.add(new Phrase(w, role, weight));
        }
    }

    /** Receives each scoring span with its score. */
    interface Scored {
        void add(int start, int end, int score);
    }

    /**
     * Scores {@code text}: each override verb with an object within {@link #WINDOW} chars scores
     * {@link #OVERRIDE} once, a secret with a request near it {@link #SECRET_ASKED}, each signal
     * its weight; every scoring span is passed to {@code spans}. Returns the total.
     */
    int score(CharSequence text, Scored spans) {
        List<int[]> hits = new ArrayList<>();
        automaton.scan(text, (p, s, e) -> {
            // whole words only for Latin-script phrases: "ignore" must not fire inside "ignorer" twice,
            // "prior" inside "priority"; scripts without spaces are matched as they are
            Phrase phrase = phrases.get(p);
            if (latinBoundaryFails(text, s, e, phrase.text())
                    || phrase.role() == Role.VERB && negated(text, s)) {
                return false;
            }
            hits.add(new int[] {p, s, e});
            return hits.size() >= 4096; // enough evidence; a flood of keywords must not cost more
        });
        int total = 0;
        boolean override = false;
        boolean asked = false;
        boolean secretSeen = false;
        for (int a = 0; a < hits.size(); a++) {
            int[] h = hits.get(a);
            Phrase phrase = phrases.get(h[0]);
            switch (phrase.role()) {
                case SIGNAL -> {
                    total += phrase.weight();
                    spans.add(h[1], h[2], phrase.weight());
                }
                case VERB -> {
                    if (!override) {
                        int[] partner = near(hits, a, Role.OBJECT);
                        if (partner != null) {
                            override = true;
                            total += OVERRIDE;
                            spans.add(Math.min(h[1], partner[1]), Math.max(h[2], partner[2]), OVERRIDE);
                        }
                    }
                }
                case SECRET -> {
                    if (!asked) {
                        int[] partner = near(hits, a, Role.ASK);
                        if (partner != null) {
                            asked = true;
                            total += SECRET_ASKED - (secretSeen ? SECRET_ALONE : 0);
                            spans.add(Math.min(h[1], partner[1]), Math.max(h[2], partner[2]), SECRET_ASKED);
                        } else if (!secretSeen) {
                            secretSeen = true; // a secret named without a request: a weak signal, counted once
                            total += SECRET_ALONE;
                            spans.add(h[1], h[2], SECRET_ALONE);
                        }
                    }
                }
                default -> {
                }
            }
        }
        return total;
    }

    /** The nearest hit of {@code role} within the window of hit {@code a}, either side, or null. */
    private int[] near(List<int[]> hits, int a, Role role) {
        int[] h = hits.get(a);
        for (int d = 1; d < hits.size(); d++) {
            boolean any = false;
            for (int k : new int[] {a + d, a - d}) {
                if (k < 0 || k >= hits.size()) {
                    continue;
                }
                int[] o = hits.get(k);
                int gap = o[1] >= h[2] ? o[1] - h[2] : h[1] - o[2];
                if (gap > WINDOW) {
                    continue;
                }
                any = true;
                if (phrases.get(o[0]).role() == role && (o[2] <= h[1] || o[1] >= h[2])) {
                    return o;
                }
            }
            if (!any) {
                return null;
            }
        }
        return null;
    }

    /** "don't forget the instructions", "never ignore": a reminder to follow, not an override. */
    private static boolean negated(CharSequence text, int s) {
        int p = s - 1;
        while (p >= 0 && text.charAt(p) == ' ') {
            p--;
        }
        int wordEnd = p + 1;
        while (p >= 0 && (Chars.isLetter(text.charAt(p)) || text.charAt(p) == '\'' || text.charAt(p) == '’')) {
            p--;
        }
        String word = text.subSequence(p + 1, wordEnd).toString().toLowerCase(java.util.Locale.ROOT).replace('’', '\'');
        return word.equals("don't") || word.equals("not") || word.equals("never") || word.equals("dont")
                || word.equals("won't") || word.equals("shouldn't") || word.equals("mustn't");
    }

    private static boolean latinBoundaryFails(CharSequence text, int s, int e, String phrase) {
        char first = phrase.charAt(0);
        char last = phrase.charAt(phrase.length() - 1);
        if (isLatinLetter(first) && isLatinLetter(Chars.at(text, s - 1))) {
            return true;
        }
        // a word may go on after the phrase only when the phrase is a stem ("instruction" -> "instructions")
        return isLatinLetter(last) && isLatinLetter(Chars.at(text, e)) && !stem(phrase);
    }

    /**
     * Phrases a word goes on after: plurals and declensions ("instruction" → "instructions"), and Turkish, which
     * adds its suffixes to the word ("şifre" → "şifreyi", "söyle" → "söyleyebilir", "onayla" → "onaylaman").
     */
    private static final java.util.Set<String> STEMS = java.util.Set.of("instruction", "anweisung", "vorherig", "precedent",
            "précédent", "anterior", "talimat", "kural", "directive", "şifre", "parola", "söyle", "onayla", "doğrula",
            "paylaş", "göster", "unut", "önceki", "yoksay", "e-posta adres", "senin geliştiricin", "sizin geliştiriciniz",
            "ben tanrıyım", "kullanıcının");

    private static boolean stem(String phrase) {
        return STEMS.contains(phrase);
    }

    private static boolean isLatinLetter(char c) {
        return Chars.isLetter(c) || (c >= '\u00C0' && c <= '\u024F');
    }
}
