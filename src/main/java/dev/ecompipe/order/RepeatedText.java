package dev.ecompipe.order;

/**
 * The text of the fields that repeat from order to order (a customer's, a product's), each value kept once where
 * it can be. A loader holds a batch or two of orders in memory, tens of thousands of them; with a copy of the same
 * product name, category or e-mail address in each, strings were 18 of an order's objects and a fifth of its
 * memory, all of it copied by the collector as long as its batch lived (README Performance). A value is looked up
 * among recent ones by its hash and takes the place of the one before it in its slot, so the table stays small
 * whatever the number of customers; a value not found is a new string, as it would have been without the table.
 * Strings are immutable, so threads share the table without locks: a slot read while another thread writes it
 * holds either string, each complete.
 */
final class RepeatedText {

    private static final int SLOTS = 1 << 15;
    /** Longer values are rare and not worth a slot: a long name or a hostile string would only push others out. */
    private static final int MAX_LENGTH = 64;
    private static final String[] RECENT = new String[SLOTS];

    private RepeatedText() {
    }

    static String of(char[] chars, int offset, int length) {
        if (length > MAX_LENGTH) {
            return new String(chars, offset, length);
        }
        // String.hashCode's own function, so that a held value's cached hash is compared before its characters
        int hash = 0;
        for (int i = offset; i < offset + length; i++) {
            hash = 31 * hash + chars[i];
        }
        int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
        String held = RECENT[slot];
        if (held != null && held.hashCode() == hash && sameText(held, chars, offset, length)) {
            return held;
        }
        String made = new String(chars, offset, length);
        RECENT[slot] = made;
        return made;
    }

    private static boolean sameText(String held, char[] chars, int offset, int length) {
        if (held.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (held.charAt(i) != chars[offset + i]) {
                return false;
            }
        }
        return true;
    }
}
