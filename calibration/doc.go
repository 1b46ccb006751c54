// Package calibration fits a simulation model's parameters to empirical
// targets by approximate Bayesian computation, keeps the result as an
// ensemble of weighted parameter sets, and checks the ensemble against the
// targets. It knows nothing of any domain: a model is a Simulator that maps
// parameters and a seed to one summary per target.
//
// # Algorithm
//
// Run is sequential Monte Carlo ABC in the form of ABC population Monte
// Carlo (Beaumont, Cornuet, Marin and Robert 2009), with the tolerance
// chosen adaptively as a quantile (Alpha, by default the median) of the
// previous generation's distances, as in the adaptive schemes of Del Moral,
// Doucet and Jasra (2012) and Lenormand, Jabot and Deffuant (2013):
//
//  1. Generation 0 draws Particles parameter sets from the priors, each
//     uniform or log-uniform on its range, and simulates each once.
//  2. Generation g sets the tolerance ε_g to the Alpha-quantile of the
//     distances of generation g−1, then proposes parameter sets by drawing
//     an ancestor by weight and moving it with a Gaussian kernel whose
//     variance is twice the weighted variance of generation g−1 in each
//     coordinate (Beaumont et al. 2009), redrawn until inside the priors'
//     support. A proposal is accepted if its distance is at most ε_g; the
//     generation ends with Particles accepted.
//  3. Accepted sets are weighted by prior density over the kernel mixture
//     around generation g−1, which corrects for proposing from it, so each
//     generation approximates the posterior given that the simulated
//     summaries fall within ε_g of the targets.
//  4. The run stops after Generations generations, when the tolerance
//     reaches Epsilon, or when acceptance falls below MinAcceptance (the
//     stopping rule of Lenormand et al. 2013): then smaller tolerances cost
//     more simulations than they change the posterior. A generation that
//     would need more than Particles/MinAcceptance proposals is given up
//     and the previous one kept, so a target the model cannot meet ends the
//     run with a reason, not a loop.
//
// Log-uniform parameters are perturbed on the log scale, so the kernel
// moves a rate by ratios; on that internal scale every prior is uniform.
//
// The distance is the root mean square, over the targets, of the
// standardised discrepancy (simulated − observed)/Scale. Scale carries both
// the figure's own uncertainty and the discrepancy the modeller allows
// between a model and the world it stands for (Kennedy and O'Hagan 2001;
// Vernon, Goldstein and Bower 2010), so a distance of 1 means "off by about
// what we allow". The ABC posterior is therefore the posterior given the
// chosen summaries and scales: it is only as good as they are.
//
// # Why SMC-ABC rather than history matching
//
// History matching with emulators (Vernon et al. 2010; Andrianakis et al.
// 2015) rules out implausible regions of parameter space in waves, using
// Gaussian-process emulators of each output's mean and variance in place of
// most model runs. It is the better tool when a run costs minutes and the
// outputs are smooth means. Here a run costs well under a second, several
// targets are events and first-passage times (a joint post ending, a zero
// rating) whose replicate distribution is far from Gaussian and awkward to
// emulate, and what is needed at the end is not a non-implausible region but
// a weighted ensemble that default runs can draw their parameters from.
// SMC-ABC runs the model itself for every proposal, so whatever statistic a
// target takes is computed exactly as for the check, and it ends with that
// ensemble. History-matching waves remain a sensible pre-screen to shrink
// the priors of a larger calibration.
//
// # Guarantees
//
// Determinism: proposal j of generation g draws its ancestor, its move and
// its simulation seed from its own PCG stream (Seed, g<<40 | j). Proposals
// are simulated in batches of Batch on Workers goroutines and then scanned
// in order, accepting until Particles are accepted, so the result is
// byte-identical for a seed whatever the number of workers; weights are
// summed in a fixed order.
//
// Resumption: with Config.Checkpoint set, the state after each generation
// (the population on the internal scale and the generation summaries) is
// written atomically, to a temporary file renamed over the checkpoint. A
// run that finds a checkpoint of the same problem (same particles, alpha,
// batch, minimum acceptance, seed, priors and targets) resumes from it and
// produces exactly what an uninterrupted run would; one that finds a
// checkpoint of another problem refuses it. Stopping rules and worker
// counts may change between legs, so a run can be extended.
//
// Concurrency: Simulate is called from several goroutines and must draw
// randomness only from the seed it is given.
//
// Checks: PredictiveCheck places an observed figure among the values the
// ensemble simulates for it (a posterior predictive check, Gelman et al.
// 2013, chapter 6): its quantile and whether it lies in the 90% predictive
// interval. Summarise sets each parameter's posterior beside its prior,
// with the contraction 1 − posterior variance / prior variance.
//
// The tests check the sampler against known posteriors: a normal mean with
// known variance (posterior mean and standard deviation against the
// analytic ones), a parameter the targets cannot identify (its posterior
// stays its prior), invariance to the number of workers, and a resumed run
// equal to an uninterrupted one.
//
// # References
//
// Andrianakis I, Vernon IR, McCreesh N, et al. (2015) Bayesian history
// matching of complex infectious disease models using emulation: a tutorial
// and a case study on HIV in Uganda. PLoS Computational Biology 11(1):
// e1003968.
//
// Beaumont MA, Cornuet J-M, Marin J-M, Robert CP (2009) Adaptive
// approximate Bayesian computation. Biometrika 96(4): 983–990.
//
// Del Moral P, Doucet A, Jasra A (2012) An adaptive sequential Monte Carlo
// method for approximate Bayesian computation. Statistics and Computing
// 22(5): 1009–1020.
//
// Gelman A, Carlin JB, Stern HS, Dunson DB, Vehtari A, Rubin DB (2013)
// Bayesian Data Analysis, 3rd edition. CRC Press. Chapter 6.
//
// Kennedy MC, O'Hagan A (2001) Bayesian calibration of computer models.
// Journal of the Royal Statistical Society B 63(3): 425–464.
//
// Lenormand M, Jabot F, Deffuant G (2013) Adaptive approximate Bayesian
// computation for complex models. Computational Statistics 28(6):
// 2777–2796.
//
// Vernon I, Goldstein M, Bower RG (2010) Galaxy formation: a Bayesian
// uncertainty analysis. Bayesian Analysis 5(4): 619–670.
package calibration
