package vae.data;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Which data set a split of IDX images is, and what its ten labels mean: MNIST's digits or
 * Fashion-MNIST's clothes. Both come in the same four IDX files of 28×28 grey images, so the
 * files' names say nothing; their labels do. {@link #recognise} compares the SHA-256 of a split's
 * labels (the bytes after the IDX header, so the same whether the file is gzip-compressed or not,
 * and by whom) with the published sets'. Anything else is {@link #UNRECOGNISED}: it trains as
 * well, its labels shown as numbers.
 *
 * @param name       the data set's name, as the checkpoint's {@code data_set} metadata keeps it
 * @param labelWord  what a label is: "digit", "class" or "label", for titles ("by digit")
 * @param classes    the ten labels' names, for legends
 * @param keys       the ten labels' names in evaluation tables ({@code recon_bce_digit_7})
 * @param hashes     SHA-256 of the labels of the training and the test split
 */
public record DataSet(String name, String labelWord, List<String> classes, List<String> keys, Set<String> hashes) {

    public static final DataSet MNIST = new DataSet("MNIST", "digit",
            List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
            List.of("digit_0", "digit_1", "digit_2", "digit_3", "digit_4", "digit_5", "digit_6", "digit_7", "digit_8", "digit_9"),
            Set.of("1feba77c54802fa5339a11837ea4b2866434b83314ec45192930f1df69120c13",    // train
                    "ddeff807876a9661a1110d45c266c86239a3a1b7d37da0c3716a7a683c852ff5")); // t10k

    /** Zalando's Fashion-MNIST (MIT licence), as Debian's package dataset-fashion-mnist installs it. */
    public static final DataSet FASHION_MNIST = new DataSet("Fashion-MNIST", "class",
            List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"),
            List.of("tshirt_top", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle_boot"),
            Set.of("657fbd221bfc9f4198cc14b5619cc33ec57c58dd0e47af4d99d6650759e869a7",    // train
                    "3d0e6c6ea990b53b6f8f500a41cac93881d981b315f84578b7d915342ade01e9")); // t10k

    /** IDX images that are neither: labels 0..9 with no names. */
    public static final DataSet UNRECOGNISED = new DataSet("unrecognised IDX data", "label",
            List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
            List.of("label_0", "label_1", "label_2", "label_3", "label_4", "label_5", "label_6", "label_7", "label_8", "label_9"),
            Set.of());

    private static final List<DataSet> KNOWN = List.of(MNIST, FASHION_MNIST);

    public DataSet {
        if (classes.size() != 10 || keys.size() != 10) {
            throw new IllegalArgumentException(name + ": ten classes, got " + classes.size() + " and " + keys.size() + " keys");
        }
    }

    //> data recognise
    /** The data set whose training or test split has exactly these labels, or {@link #UNRECOGNISED}. */
    public static DataSet recognise(byte[] labels) {
        String hash = sha256(labels);
        for (DataSet set : KNOWN) {
            if (set.hashes.contains(hash)) {
                return set;
            }
        }
        return UNRECOGNISED;
    }
    //< data recognise

    /** The name of label {@code label} (0..9): "7" for MNIST, "Sneaker" for Fashion-MNIST. */
    public String className(int label) {
        return classes.get(label);
    }

    /** Label {@code label}'s name in an evaluation table: "digit_7", "sneaker". */
    public String key(int label) {
        return keys.get(label);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
