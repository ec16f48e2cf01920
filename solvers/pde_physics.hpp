#pragma once
// The physics of the reaction/flux PDE family (see reaction_flux_pde.hpp): linear symbols,
// pointwise nonlinear terms, explicit stability rates and descriptors. Array axes are ordered
// slowest first, so x is axis dim-1, y axis dim-2, z axis dim-3.
#include <cmath>

#include "kernels/backend.hpp"
#include "solvers/pde.hpp"

namespace simforge::physics {

inline constexpr double inf = 1e300;

// u_t + c . grad u = nu lap u  (pure advection when nu = 0).
struct Advection {
  static constexpr int fields = 1;
  static constexpr bool reaction = false, flux = false;
  static PdeDescriptor descriptor() {
    return {"advection", "linear advection-diffusion u_t + c.grad u = nu lap u", {1, 2, 3}, {"u"},
            {{"velocity_x", 1.0, -1e6, 1e6, false, true, "advection velocity along x"},
             {"velocity_y", 0.0, -1e6, 1e6, false, true, "advection velocity along y (2D, 3D)"},
             {"velocity_z", 0.0, -1e6, 1e6, false, true, "advection velocity along z (3D)"},
             {"diffusivity", 0.0, 0.0, 1e3, false, true, "diffusivity nu >= 0"}},
            {}, false};
  }
  static LinearSymbol linear(int, const double* p, int dim) {
    LinearSymbol s;
    for (int a = 0; a < dim; ++a) s.b[a] = -p[dim - 1 - a];  // axis dim-1 is x: velocity_x
    s.c2 = -p[3];
    return s;
  }
  template <class T>
  SIMFORGE_HD void pointwise(const T*, const double*, T*, T*) const {}
  template <class T>
  SIMFORGE_HD double rate(const T*, const double*, double) const { return 0; }
};

// u_t = nu lap u.
struct Diffusion {
  static constexpr int fields = 1;
  static constexpr bool reaction = false, flux = false;
  static PdeDescriptor descriptor() {
    return {"diffusion", "heat equation u_t = nu lap u", {1, 2, 3}, {"u"},
            {{"diffusivity", 0.01, 0.0, 1e3, true, true, "diffusivity nu > 0"}}, {}, false};
  }
  static LinearSymbol linear(int, const double* p, int) {
    LinearSymbol s;
    s.c2 = -p[0];
    return s;
  }
  template <class T>
  SIMFORGE_HD void pointwise(const T*, const double*, T*, T*) const {}
  template <class T>
  SIMFORGE_HD double rate(const T*, const double*, double) const { return 0; }
};

// Viscous Burgers u_t + (u^2/2)_x = nu u_xx.
struct Burgers {
  static constexpr int fields = 1;
  static constexpr bool reaction = false, flux = true;
  static PdeDescriptor descriptor() {
    return {"burgers", "viscous Burgers u_t + (u^2/2)_x = nu u_xx", {1}, {"u"},
            {{"viscosity", 0.01, 0.0, 1e3, true, true, "viscosity nu > 0"}}, {}, true};
  }
  static LinearSymbol linear(int, const double* p, int) {
    LinearSymbol s;
    s.c2 = -p[0];
    return s;
  }
  template <class T>
  SIMFORGE_HD void pointwise(const T* u, const double*, T*, T* q) const { q[0] = T(-0.5) * u[0] * u[0]; }
  template <class T>
  SIMFORGE_HD double rate(const T* u, const double*, double inv_dx) const { return fabs(double(u[0])) * inv_dx; }
};

// Korteweg–de Vries u_t + a u u_x + delta u_xxx = 0 (a = 6, delta = 1: the classical soliton form).
struct KdV {
  static constexpr int fields = 1;
  static constexpr bool reaction = false, flux = true;
  static PdeDescriptor descriptor() {
    return {"kdv", "Korteweg–de Vries u_t + a u u_x + delta u_xxx = 0", {1}, {"u"},
            {{"nonlinearity", 6.0, -1e6, 1e6, false, true, "coefficient a of u u_x"},
             {"dispersion", 1.0, 0.0, 1e6, true, true, "coefficient delta > 0 of u_xxx"}},
            {}, true};
  }
  static LinearSymbol linear(int, const double* p, int) {
    LinearSymbol s;
    s.d3 = p[1];  // -delta (ik)^3 = i delta k^3
    return s;
  }
  template <class T>
  SIMFORGE_HD void pointwise(const T* u, const double* p, T*, T* q) const { q[0] = T(-0.5 * p[0]) * u[0] * u[0]; }
  template <class T>
  SIMFORGE_HD double rate(const T* u, const double* p, double inv_dx) const {
    return fabs(p[0] * double(u[0])) * inv_dx;
  }
};

// Kuramoto–Sivashinsky u_t + (u^2/2)_x + u_xx + u_xxxx = 0.
struct KuramotoSivashinsky {
  static constexpr int fields = 1;
  static constexpr bool reaction = false, flux = true;
  static PdeDescriptor descriptor() {
    return {"kuramoto_sivashinsky", "Kuramoto–Sivashinsky u_t + (u^2/2)_x + u_xx + u_xxxx = 0 (set grid.length, e.g. 22 or 32 pi)",
            {1}, {"u"}, {}, {}, true};
  }
  static LinearSymbol linear(int, const double*, int) {
    LinearSymbol s;
    s.c2 = 1;
    s.c4 = -1;
    return s;
  }
  template <class T>
  SIMFORGE_HD void pointwise(const T* u, const double*, T*, T* q) const { q[0] = T(-0.5) * u[0] * u[0]; }
  template <class T>
  SIMFORGE_HD double rate(const T* u, const double*, double inv_dx) const { return fabs(double(u[0])) * inv_dx; }
};

// Gray–Scott u_t = Du lap u - u v^2 + f (1 - u),  v_t = Dv lap v + u v^2 - (f + k) v.
struct GrayScott {
  static constexpr int fields = 2;
  static constexpr bool reaction = true, flux = false;
  static PdeDescriptor descriptor() {
    return {"gray_scott", "Gray–Scott reaction-diffusion (Pearson 1993): feed f, kill k", {2, 3}, {"u", "v"},
            {{"feed", 0.04, 0.0, 0.1, false, true, "feed rate f in [0, 0.1] (Pearson's patterns: 0.01-0.08)"},
             {"kill", 0.06, 0.0, 0.1, false, true, "kill rate k in [0, 0.1] (Pearson's patterns: 0.045-0.07)"},
             {"diffusivity_u", 2e-5, 0.0, 1e3, true, true, "diffusivity of u (> 0)"},
             {"diffusivity_v", 1e-5, 0.0, 1e3, true, true, "diffusivity of v (> 0)"}},
            {}, true};
  }
  static LinearSymbol linear(int field, const double* p, int) {
    LinearSymbol s;
    s.c2 = -p[2 + field];
    s.c0 = field == 0 ? -p[0] : -(p[0] + p[1]);
    return s;
  }
  template <class T>
  SIMFORGE_HD void pointwise(const T* u, const double* p, T* r, T*) const {
    const T uvv = u[0] * u[1] * u[1];
    r[0] = -uvv + T(p[0]);
    r[1] = uvv;
  }
  template <class T>
  SIMFORGE_HD double rate(const T* u, const double*, double) const {
    const double a = fabs(double(u[0])), b = fabs(double(u[1]));
    return b * b + 2 * a * b;  // largest Jacobian entry of the reaction
  }
};

// Allen–Cahn u_t = eps^2 lap u + u - u^3.
struct AllenCahn {
  static constexpr int fields = 1;
  static constexpr bool reaction = true, flux = false;
  static PdeDescriptor descriptor() {
    return {"allen_cahn", "Allen–Cahn u_t = eps^2 lap u + u - u^3", {1, 2, 3}, {"u"},
            {{"epsilon", 0.01, 0.0, 1e3, true, true, "interface width eps > 0"}}, {}, true};
  }
  static LinearSymbol linear(int, const double* p, int) {
    LinearSymbol s;
    s.c0 = 1;
    s.c2 = -p[0] * p[0];
    return s;
  }
  template <class T>
  SIMFORGE_HD void pointwise(const T* u, const double*, T* r, T*) const { r[0] = -u[0] * u[0] * u[0]; }
  template <class T>
  SIMFORGE_HD double rate(const T* u, const double*, double) const { return 3.0 * double(u[0]) * double(u[0]); }
};

// Swift–Hohenberg u_t = r u - (k0^2 + lap)^2 u + g u^2 - u^3.
struct SwiftHohenberg {
  static constexpr int fields = 1;
  static constexpr bool reaction = true, flux = false;
  static PdeDescriptor descriptor() {
    return {"swift_hohenberg", "Swift–Hohenberg u_t = r u - (k0^2 + lap)^2 u + g u^2 - u^3 (set grid.length, e.g. 20 pi)",
            {1, 2, 3}, {"u"},
            {{"r", 0.2, -1e3, 1e3, false, true, "bifurcation parameter r"},
             {"g", 0.0, -1e3, 1e3, false, true, "quadratic coefficient g"},
             {"k0", 1.0, 0.0, 1e3, true, true, "critical wavenumber k0 > 0"}},
            {}, true};
  }
  static LinearSymbol linear(int, const double* p, int) {
    const double k2 = p[2] * p[2];
    LinearSymbol s;
    s.c0 = p[0] - k2 * k2;
    s.c2 = 2 * k2;
    s.c4 = -1;
    return s;
  }
  template <class T>
  SIMFORGE_HD void pointwise(const T* u, const double* p, T* r, T*) const {
    r[0] = T(p[1]) * u[0] * u[0] - u[0] * u[0] * u[0];
  }
  template <class T>
  SIMFORGE_HD double rate(const T* u, const double* p, double) const {
    return fabs(2 * p[1] * double(u[0])) + 3.0 * double(u[0]) * double(u[0]);
  }
};

}  // namespace simforge::physics
