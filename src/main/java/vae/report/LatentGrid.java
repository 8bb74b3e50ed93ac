package vae.report;

/**
 * A square of the 2-D latent plane cut into n × n equal cells, each represented by its centre:
 * the midpoint rule, {@code ∫ f(z) dz ≈ Σ_cells f(centre) · area}. For a smooth integrand that
 * falls to nothing at the square's edges (a posterior well inside it) the rule converges faster
 * than any power of the spacing: for a Gaussian of standard deviation σ its relative error is
 * about {@code 2·exp(-2π²σ²/h²)}, below 1e-8 once the spacing h is under σ. Cell c is row
 * {@code c / n}, column {@code c % n}; z1 runs along a row, z2 down the columns.
 */
public final class LatentGrid {
    private final double lo1, lo2, spacing;
    private final int side;

    /** The square [lo1, lo1 + n·h) × [lo2, lo2 + n·h) in n × n cells of side h. */
    public LatentGrid(double lo1, double lo2, double spacing, int side) {
        if (side < 1 || !(spacing > 0)) {
            throw new IllegalArgumentException("a grid needs at least 1 cell a side and a positive spacing: " + side + ", " + spacing);
        }
        this.lo1 = lo1;
        this.lo2 = lo2;
        this.spacing = spacing;
        this.side = side;
    }

    /** The square [-r, r]² in n × n cells, centred on the prior's mean. */
    public static LatentGrid centred(double r, int side) {
        return new LatentGrid(-r, -r, 2 * r / side, side);
    }

    public int side() {
        return side;
    }

    /** Cells in all: side². */
    public int cells() {
        return side * side;
    }

    public double spacing() {
        return spacing;
    }

    /** log of one cell's area, h²: the weight of every point in the sum. */
    public double logCellArea() {
        return 2 * Math.log(spacing);
    }

    /** z1 of cell c's centre. */
    public double z1(int c) {
        return lo1 + (c % side + 0.5) * spacing;
    }

    /** z2 of cell c's centre. */
    public double z2(int c) {
        return lo2 + (c / side + 0.5) * spacing;
    }

    public double lo1() {
        return lo1;
    }

    public double lo2() {
        return lo2;
    }

    /** Width of the square: side · spacing. */
    public double width() {
        return side * spacing;
    }
}
