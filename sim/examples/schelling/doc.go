// Package schelling is Schelling's segregation model built on sim, used as a
// benchmark that compares the engine with other agent-based modelling
// frameworks on the same work.
//
// The benchmark follows the Schelling workload of the public ABM framework
// comparison (Datseris, Vahdati & DuBois 2022, "Agents.jl: a performant and
// feature-full agent-based modeling software of minimal code complexity",
// Simulation, and its ABM_Framework_Comparison repository), which Agents.jl,
// MASON, NetLogo and Mesa all implement. In our own words:
//
//   - The space is a rectangular grid of cells that does not wrap at its
//     edges (100 by 100 in the large variant). A cell holds at most one agent.
//   - Agents are individuals with an id, a group and a position, not states of
//     cells. The large variant has 8,000 agents, half in each of two groups,
//     each placed on a distinct cell chosen uniformly at random.
//   - In each step every agent is activated once, in an order shuffled afresh
//     for that step. An activated agent counts the agents of its own group
//     among its neighbours: the occupied cells within Chebyshev distance 2
//     (a 5 by 5 square less the agent's own cell, cut at the grid's edges).
//     With at least 8 such neighbours it is happy and stays; otherwise it is
//     unhappy and moves to an empty cell chosen uniformly at random.
//   - The benchmark times 20 steps, excluding building the model.
//
// Config holds those numbers; Large is the benchmark's configuration. The
// model observes the number of agents that were happy when last activated.
//
// Guarantees: given the same Config and generator, New and Step produce the
// same world. The hot loop allocates nothing: positions, groups and the grid
// are flat slices, neighbourhood rows are scanned on a grid padded with a
// border of walls, and empty cells are kept in a list with constant-time
// removal.
package schelling
