#pragma once
// Exact Riemann solver for the 1D Euler equations of an ideal (gamma-law) gas.
//
// Why: the finite-volume Euler tests need a reference that shares no code with the solver under
// test. This header computes the exact self-similar solution of a Riemann problem the classical
// way (Toro, "Riemann Solvers and Numerical Methods for Fluid Dynamics", ch. 4): the star
// pressure is the root of the pressure function f(p) = f_L(p) + f_R(p) + (u_R - u_L), found by
// Newton's method (here safeguarded by bisection so that near-vacuum star states, such as the
// "1-2-3" double rarefaction, converge reliably), and the solution is then sampled along x / t.
// Only the standard library is used.
#include <cmath>
#include <cstddef>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace simforge::testing {

struct Primitive {
  double density, velocity, pressure;
};

// The star region between the left and right waves: common pressure and velocity, and the
// density on each side of the contact discontinuity.
struct RiemannStar {
  double pressure, velocity, density_left, density_right;
  int iterations;  // Newton/bisection iterations used to converge the star pressure
};

namespace exact_riemann_detail {

inline void check_state(const Primitive& s, const char* side) {
  if (!(s.density > 0.0) || !(s.pressure > 0.0) || !std::isfinite(s.density) || !std::isfinite(s.pressure) ||
      !std::isfinite(s.velocity)) {
    throw std::invalid_argument(std::string("exact_riemann: the ") + side +
                                " state needs finite velocity and positive finite density and pressure");
  }
}

inline double sound_speed(const Primitive& s, double gamma) { return std::sqrt(gamma * s.pressure / s.density); }

// f_K(p) and its derivative: the velocity jump across the K-wave (shock if p > p_K, rarefaction
// otherwise) as a function of the star pressure p.
inline void wave_function(double p, const Primitive& s, double c, double gamma, double& f, double& df) {
  if (p > s.pressure) {  // shock: Rankine-Hugoniot
    const double a = 2.0 / ((gamma + 1.0) * s.density);
    const double b = (gamma - 1.0) / (gamma + 1.0) * s.pressure;
    const double q = std::sqrt(a / (p + b));
    f = (p - s.pressure) * q;
    df = q * (1.0 - 0.5 * (p - s.pressure) / (p + b));
  } else {  // rarefaction: isentropic, Riemann invariant
    const double ratio = p / s.pressure;
    f = 2.0 * c / (gamma - 1.0) * (std::pow(ratio, (gamma - 1.0) / (2.0 * gamma)) - 1.0);
    df = std::pow(ratio, -(gamma + 1.0) / (2.0 * gamma)) / (s.density * c);
  }
}

// Toro's adaptive initial guess (PVRS, switching to two-rarefaction or two-shock estimates).
inline double initial_guess(const Primitive& l, const Primitive& r, double cl, double cr, double gamma) {
  const double pmin = std::fmin(l.pressure, r.pressure), pmax = std::fmax(l.pressure, r.pressure);
  const double ppv = std::fmax(0.0, 0.5 * (l.pressure + r.pressure) -
                                        0.125 * (r.velocity - l.velocity) * (l.density + r.density) * (cl + cr));
  if (pmax / pmin <= 2.0 && ppv >= pmin && ppv <= pmax) return ppv;
  // two rarefactions: exact if both waves really are rarefactions (num > 0 without vacuum)
  const auto two_rarefaction = [&] {
    const double z = (gamma - 1.0) / (2.0 * gamma);
    const double num = cl + cr - 0.5 * (gamma - 1.0) * (r.velocity - l.velocity);
    const double den = cl / std::pow(l.pressure, z) + cr / std::pow(r.pressure, z);
    return std::pow(num / den, 1.0 / z);
  };
  if (ppv < pmin) return two_rarefaction();
  // two shocks (falls back on the two-rarefaction estimate where it is not positive)
  const double p0 = std::fmax(0.0, ppv);
  const auto g = [&](const Primitive& s) {
    const double a = 2.0 / ((gamma + 1.0) * s.density);
    const double b = (gamma - 1.0) / (gamma + 1.0) * s.pressure;
    return std::sqrt(a / (p0 + b));
  };
  const double gl = g(l), gr = g(r);
  const double pts = (gl * l.pressure + gr * r.pressure - (r.velocity - l.velocity)) / (gl + gr);
  return pts > 0.0 ? pts : two_rarefaction();
}

}  // namespace exact_riemann_detail

// The star state of the Riemann problem (left | right). Throws std::invalid_argument for a
// non-physical input and std::runtime_error if the data generate a vacuum (the pressure
// positivity condition 2 (c_L + c_R) / (gamma - 1) > u_R - u_L fails).
inline RiemannStar exact_riemann_star(const Primitive& left, const Primitive& right, double gamma) {
  namespace d = exact_riemann_detail;
  if (!(gamma > 1.0) || !std::isfinite(gamma)) throw std::invalid_argument("exact_riemann: gamma must be > 1");
  d::check_state(left, "left");
  d::check_state(right, "right");
  const double cl = d::sound_speed(left, gamma), cr = d::sound_speed(right, gamma);
  const double du = right.velocity - left.velocity;
  if (2.0 * (cl + cr) / (gamma - 1.0) <= du) {
    throw std::runtime_error(
        "exact_riemann: the initial data generate a vacuum (pressure positivity condition "
        "2 (c_L + c_R) / (gamma - 1) > u_R - u_L violated); this solver does not handle vacuum");
  }

  // f(p) = f_L(p) + f_R(p) + du, its derivative, and the size of its terms (for round-off).
  const auto f = [&](double p, double& fp, double& dfp, double& scale) {
    double fl, dfl, fr, dfr;
    d::wave_function(p, left, cl, gamma, fl, dfl);
    d::wave_function(p, right, cr, gamma, fr, dfr);
    fp = fl + fr + du;
    dfp = dfl + dfr;
    scale = std::fabs(fl) + std::fabs(fr) + std::fabs(du);
  };
  const auto finish = [&](double p, int iterations) {
    double fl, dfl, fr, dfr;
    d::wave_function(p, left, cl, gamma, fl, dfl);
    d::wave_function(p, right, cr, gamma, fr, dfr);
    RiemannStar s{};
    s.pressure = p;
    s.velocity = 0.5 * (left.velocity + right.velocity) + 0.5 * (fr - fl);
    const double gm = (gamma - 1.0) / (gamma + 1.0);
    const auto star_density = [&](const Primitive& k) {
      const double ratio = p / k.pressure;
      return p > k.pressure ? k.density * (ratio + gm) / (gm * ratio + 1.0)  // behind a shock
                            : k.density * std::pow(ratio, 1.0 / gamma);      // isentropic
    };
    s.density_left = star_density(left);
    s.density_right = star_density(right);
    s.iterations = iterations;
    return s;
  };

  // f is increasing and concave on p > 0 with f(0+) = du - 2 (c_L + c_R) / (gamma - 1) < 0
  // (no vacuum), so the root is unique. Bracket it by [lo, hi] with f(lo) < 0 <= f(hi).
  double lo = 0.0, hi = std::fmax(left.pressure, right.pressure);
  for (double fh, dfh, sh;;) {
    f(hi, fh, dfh, sh);
    if (fh >= 0.0) break;
    lo = hi;
    hi *= 2.0;
    if (!std::isfinite(hi)) throw std::runtime_error("exact_riemann: could not bracket the star pressure");
  }

  double p = d::initial_guess(left, right, cl, cr, gamma);
  if (!(p > lo && p < hi)) p = lo > 0.0 ? std::sqrt(lo * hi) : 0.5 * hi;
  constexpr double tolerance = 1e-12;  // on the relative change of p between iterates
  constexpr double eps = std::numeric_limits<double>::epsilon();
  constexpr int max_iterations = 500;
  for (int it = 1; it <= max_iterations; ++it) {
    double fp, dfp, scale;
    f(p, fp, dfp, scale);
    // f(p) is at round-off level: no closer root can be resolved in double precision. (In a
    // well-conditioned problem this means a relative Newton change of O(eps); near vacuum,
    // where f is the difference of nearly equal terms, it ends the iteration at the round-off
    // floor, which can lie above the 1e-12 tolerance.)
    if (std::fabs(fp) <= 8.0 * eps * scale) return finish(p, it);
    (fp < 0.0 ? lo : hi) = p;
    double next = p - fp / dfp;
    // Newton leaves the bracket (near vacuum the rarefaction curve is steep and it overshoots
    // to p < 0): bisect instead, geometrically when the bracket spans orders of magnitude.
    if (!(next >= lo && next <= hi) || next <= 0.0) next = lo > 0.0 ? std::sqrt(lo * hi) : 0.5 * hi;
    const double change = std::fabs(next - p) / (0.5 * (next + p));
    p = next;
    if (change < tolerance || hi - lo <= tolerance * hi) return finish(p, it);
  }
  throw std::runtime_error("exact_riemann: the star pressure iteration did not converge");
}

// Samples the solution with a precomputed star state at similarity coordinate s = (x - x0) / t.
inline Primitive exact_riemann_sample(const Primitive& l, const Primitive& r, double gamma, const RiemannStar& star,
                                      double s) {
  const double cl = exact_riemann_detail::sound_speed(l, gamma);
  const double cr = exact_riemann_detail::sound_speed(r, gamma);
  const double ps = star.pressure, us = star.velocity;
  const double g1 = (gamma - 1.0) / (2.0 * gamma), g2 = (gamma + 1.0) / (2.0 * gamma);
  const double g3 = 2.0 / (gamma + 1.0), g4 = 0.5 * (gamma - 1.0), g5 = 2.0 / (gamma - 1.0);
  if (s <= us) {  // left of the contact
    if (ps > l.pressure) {  // left shock
      const double shock = l.velocity - cl * std::sqrt(g2 * ps / l.pressure + g1);
      return s <= shock ? l : Primitive{star.density_left, us, ps};
    }
    const double head = l.velocity - cl;  // left rarefaction
    if (s <= head) return l;
    const double tail = us - cl * std::pow(ps / l.pressure, g1);
    if (s >= tail) return Primitive{star.density_left, us, ps};
    const double c = g3 * (cl + g4 * (l.velocity - s));  // inside the fan
    return Primitive{l.density * std::pow(c / cl, g5), g3 * (cl + g4 * l.velocity + s),
                     l.pressure * std::pow(c / cl, gamma * g5)};
  }
  if (ps > r.pressure) {  // right shock
    const double shock = r.velocity + cr * std::sqrt(g2 * ps / r.pressure + g1);
    return s >= shock ? r : Primitive{star.density_right, us, ps};
  }
  const double head = r.velocity + cr;  // right rarefaction
  if (s >= head) return r;
  const double tail = us + cr * std::pow(ps / r.pressure, g1);
  if (s <= tail) return Primitive{star.density_right, us, ps};
  const double c = g3 * (cr - g4 * (r.velocity - s));
  return Primitive{r.density * std::pow(c / cr, g5), g3 * (-cr + g4 * r.velocity + s),
                   r.pressure * std::pow(c / cr, gamma * g5)};
}

// The exact self-similar solution of the Riemann problem with states left (x < x0) and right
// (x > x0) at time t > 0, sampled at position x, for ratio of specific heats gamma. At t == 0
// it returns the initial data (left for x < x0, right otherwise); t < 0 is rejected.
inline Primitive exact_riemann(const Primitive& left, const Primitive& right, double gamma, double x0, double t,
                               double x) {
  const RiemannStar star = exact_riemann_star(left, right, gamma);
  if (t < 0.0) throw std::invalid_argument("exact_riemann: t must be >= 0");
  if (t == 0.0) return x < x0 ? left : right;
  return exact_riemann_sample(left, right, gamma, star, (x - x0) / t);
}

// Its cell averages over n equal cells of [a, b]: each cell averages `sub` midpoint-rule sample
// points. The average is taken of the conserved variables (density, momentum, total energy),
// which is what a finite-volume cell value approximates, and returned converted to primitive
// form; density is thus the plain average of the sampled densities, and in cells the solution is
// smooth over, velocity and pressure agree with the averages of the sampled ones to O(dx^2).
inline std::vector<Primitive> exact_riemann_cells(const Primitive& left, const Primitive& right, double gamma,
                                                  double x0, double t, double a, double b, int n, int sub = 16) {
  if (n < 1 || sub < 1) throw std::invalid_argument("exact_riemann_cells: n and sub must be >= 1");
  if (!(b > a)) throw std::invalid_argument("exact_riemann_cells: needs a < b");
  if (t < 0.0) throw std::invalid_argument("exact_riemann_cells: t must be >= 0");
  const RiemannStar star = exact_riemann_star(left, right, gamma);
  const double dx = (b - a) / n;
  std::vector<Primitive> cells(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    double mass = 0.0, momentum = 0.0, energy = 0.0;
    for (int k = 0; k < sub; ++k) {
      const double x = a + (i + (k + 0.5) / sub) * dx;
      const Primitive w = t == 0.0 ? (x < x0 ? left : right) : exact_riemann_sample(left, right, gamma, star, (x - x0) / t);
      mass += w.density;
      momentum += w.density * w.velocity;
      energy += w.pressure / (gamma - 1.0) + 0.5 * w.density * w.velocity * w.velocity;
    }
    mass /= sub;
    momentum /= sub;
    energy /= sub;
    const double u = momentum / mass;
    cells[static_cast<std::size_t>(i)] = Primitive{mass, u, (gamma - 1.0) * (energy - 0.5 * mass * u * u)};
  }
  return cells;
}

}  // namespace simforge::testing
