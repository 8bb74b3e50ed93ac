package vae.train;

//> train metrics
/** Loss per image, averaged over a data set: the negative ELBO and its two parts. */
public record Metrics(double loss, double bce, double kl) {

    static Metrics ofSums(double bceSum, double klSum, int images) {
        return new Metrics((bceSum + klSum) / images, bceSum / images, klSum / images);
    }
}
//< train metrics
