package vae.data;

/**
 * What an IDX file holds: its dimensions, count first ({@code [count, rows, cols]} for images,
 * {@code [count]} for labels), and its data, one unsigned byte per element, row-major.
 */
public record IdxData(int[] dims, byte[] data) {

    /** The first dimension: how many images or labels. */
    public int count() {
        return dims[0];
    }
}
