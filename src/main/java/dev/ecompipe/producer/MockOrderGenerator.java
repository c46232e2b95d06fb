package dev.ecompipe.producer;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.LongFunction;

import dev.ecompipe.order.Order;

/**
 * Realistic, reproducible mock orders: a few thousand customers across regions and a few hundred products
 * in categories. As event time moves on, some customers move to another region or change their name and
 * some products change price, so every slowly changing dimension has work to do. Event times advance
 * steadily over a past window ending now, with a little jitter, so some orders arrive out of order.
 */
public final class MockOrderGenerator {

    static final List<String> REGIONS = List.of("US-EAST", "US-WEST", "EU-WEST", "EU-CENTRAL", "APAC", "LATAM");
    static final List<String> CATEGORIES = List.of("Kitchen", "Electronics", "Books", "Garden", "Toys", "Sports",
            "Beauty", "Office");
    private static final List<String> FIRST_NAMES = List.of("Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald",
            "Frances", "John", "Margaret", "Ken", "Radia", "Tim", "Hedy", "Linus", "Katherine", "Dennis");
    private static final List<String> LAST_NAMES = List.of("Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov",
            "Knuth", "Allen", "Backus", "Hamilton", "Thompson", "Perlman", "Berners-Lee", "Lamarr", "Torvalds",
            "Johnson", "Ritchie");
    private static final List<String> PRODUCT_WORDS = List.of("Espresso Grinder", "Desk Lamp", "Trail Shoes",
            "Notebook", "Headphones", "Yoga Mat", "Watering Can", "Board Game", "Face Cream", "Stapler",
            "Cast Iron Pan", "USB Hub", "Paperback Novel", "Seed Kit", "Football", "Kettle");

    private static final Duration STANDARD_WINDOW = Duration.ofDays(120);
    private static final double HALF_WINDOW_ORDERS = 10_000;

    private final Random random;
    private final String orderPrefix;
    // ids and e-mails made once: formatting them for every order took a fifth of the producer's CPU
    private final String[] customerIds;
    private final String[] customerEmails;
    private final String[] productIds;
    private final String[] customerNames;
    private final String[] customerRegions;
    private final String[] productNames;
    private final String[] productCategories;
    private final BigDecimal[] listPrices;
    private final BigDecimal[] productPrices;
    private final LongFunction<Instant> eventTime;
    private long sequence;

    /**
     * Orders spread evenly over the window, for a caller that knows how many it will take.
     *
     * @param seed        makes the stream reproducible; the same seed gives the same order ids
     * @param customers   how many distinct customers
     * @param products    how many distinct products
     * @param expected    how many orders the event-time window is spread over
     * @param window      how far back the first order's event time lies
     * @param end         the event time the window ends at (usually now)
     */
    public MockOrderGenerator(long seed, int customers, int products, long expected, Duration window, Instant end) {
        this(seed, customers, products, evenly(expected, window, end));
    }

    private MockOrderGenerator(long seed, int customers, int products, LongFunction<Instant> eventTime) {
        this.eventTime = eventTime;
        this.random = new Random(seed);
        this.orderPrefix = "ORD-" + Long.toString(seed & 0xFFFFFFFFL, 36).toUpperCase(Locale.ROOT) + "-";
        this.customerIds = new String[customers];
        this.customerEmails = new String[customers];
        this.customerNames = new String[customers];
        this.customerRegions = new String[customers];
        for (int i = 0; i < customers; i++) {
            customerIds[i] = "C-" + zeroPadded(i + 1, 4);
            customerEmails[i] = customerIds[i].toLowerCase(Locale.ROOT) + "@example.com";
            customerNames[i] = pick(FIRST_NAMES) + " " + pick(LAST_NAMES);
            customerRegions[i] = pick(REGIONS);
        }
        this.productIds = new String[products];
        this.productNames = new String[products];
        this.productCategories = new String[products];
        this.listPrices = new BigDecimal[products];
        this.productPrices = new BigDecimal[products];
        Set<String> usedNames = new HashSet<>();
        for (int i = 0; i < products; i++) {
            productIds[i] = "P-" + zeroPadded(i + 1, 4);
            String name = pick(PRODUCT_WORDS);
            productNames[i] = usedNames.add(name) ? name : name + " " + (i + 1);
            productCategories[i] = pick(CATEGORIES);
            listPrices[i] = BigDecimal.valueOf(199 + random.nextInt(49_800), 2);
            productPrices[i] = listPrices[i];
        }
    }

    /** The default shape: 2,000 customers, 300 products, {@code expected} orders over the 120 days before {@code end}. */
    public static MockOrderGenerator standard(long seed, long expected, Instant end) {
        return new MockOrderGenerator(seed, 2_000, 300, expected, STANDARD_WINDOW, end);
    }

    /**
     * The default shape for a stream of unknown length: order k of a seed is the same whatever the number of
     * orders taken, so a shorter run with the same seed repeats orders (skipped as duplicates) instead of
     * conflicting with them. The event times advance towards {@code end} without reaching it, ever more
     * densely, as a growing shop's would: the first 10,000 orders span the first half of the 120 days.
     */
    public static MockOrderGenerator prefixStable(long seed, Instant end) {
        long windowMillis = STANDARD_WINDOW.toMillis();
        return new MockOrderGenerator(seed, 2_000, 300,
                n -> end.minusMillis(Math.round(windowMillis * (HALF_WINDOW_ORDERS / (HALF_WINDOW_ORDERS + n)))));
    }

    /**
     * The default shape timed by the clock: each order's event time is the moment it is made (a tenth of them late
     * by up to 120 s, as in every shape), as a live shop sends them. Order k of a seed keeps its id and content but
     * not its time, so a second run of one seed conflicts with the first instead of repeating it.
     */
    public static MockOrderGenerator clockTimed(long seed) {
        return new MockOrderGenerator(seed, 2_000, 300, n -> Instant.now());
    }

    private static LongFunction<Instant> evenly(long expected, Duration window, Instant end) {
        Duration step = window.dividedBy(Math.max(1, expected));
        Instant start = end.minus(window);
        return n -> start.plus(step.multipliedBy(n));
    }

    public Order next() {
        long n = sequence++;
        int customer = skewed(customerNames.length);
        if (random.nextInt(1000) < 5) {
            customerRegions[customer] = pick(REGIONS);
        }
        if (random.nextInt(1000) < 2) {
            customerNames[customer] = pick(FIRST_NAMES) + " " + pick(LAST_NAMES);
        }
        Order.Customer buyer = new Order.Customer(customerIds[customer], customerNames[customer],
                customerEmails[customer], customerRegions[customer]);
        int lineCount = 1 + random.nextInt(5);
        List<Order.Line> lines = new ArrayList<>(lineCount);
        Set<Integer> products = new HashSet<>();
        while (lines.size() < lineCount) {
            int product = skewed(productNames.length);
            if (!products.add(product)) {
                continue;
            }
            if (random.nextInt(1000) < 3) {
                // around the list price, not compounding: a popular product would otherwise drift to absurd prices
                double change = 0.8 + random.nextDouble() * 0.45;
                productPrices[product] = listPrices[product].multiply(BigDecimal.valueOf(change))
                        .setScale(2, RoundingMode.HALF_UP).max(new BigDecimal("0.99"));
            }
            lines.add(new Order.Line(lines.size() + 1, productIds[product], productNames[product],
                    productCategories[product], productPrices[product], 1 + (random.nextInt(10) < 8 ? 0 : random.nextInt(4))));
        }
        long jitterMillis = random.nextInt(10) == 0 ? -random.nextInt(120_000) : 0;
        Instant orderTs = eventTime.apply(n).plusMillis(jitterMillis);
        return new Order(orderPrefix + zeroPadded(n + 1, 8), orderTs, buyer, List.copyOf(lines));
    }

    /** As {@code String.format("%0<width>d", value)} for a value of 0 or more, without parsing a format each time. */
    static String zeroPadded(long value, int width) {
        String digits = Long.toString(value);
        return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
    }

    /** Some customers and products are much more popular than others, so repeat customers exist. */
    private int skewed(int size) {
        double u = random.nextDouble();
        return (int) Math.min(size - 1, Math.floor(size * u * u));
    }

    private String pick(List<String> values) {
        return values.get(random.nextInt(values.size()));
    }
}
