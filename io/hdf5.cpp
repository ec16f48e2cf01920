// HDF5 C API behind RAII handles; every call checked (see hdf5.hpp).
#include "io/hdf5.hpp"

#include <fcntl.h>
#include <hdf5.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <limits>
#include <algorithm>
#include <type_traits>

static_assert(std::is_same_v<hid_t, simforge::io::h5::hid>, "hid alias must match hid_t");
static_assert(std::is_same_v<hsize_t, simforge::io::h5::hsize>, "hsize alias must match hsize_t");

namespace simforge::io::h5 {
namespace {

// HDF5 closes every object still open when the process exits. An object whose close failed (its
// data could not be written: a full disk) is then closed again and crashes the process; Simforge
// closes what it opens and flushes after every block, so that final pass is off. Set when this
// library loads, before any HDF5 call.
[[maybe_unused]] const bool no_atexit = [] { return H5dont_atexit() >= 0; }();

// HDF5 keeps a stack of errors, outermost (the API call) first. The outermost says what failed,
// the innermost why ("truncated file: eof = ..."); the message keeps both. A lock conflict (another
// process has the file open) becomes FileInUse, so that nobody calls a live file corrupt.
[[noreturn]] void fail(const char* call, const std::string& where) {
  std::pair<std::string, std::string> r;  // outer, inner
  auto collect = [](unsigned n, const H5E_error2_t* e, void* data) -> herr_t {
    auto* r = static_cast<std::pair<std::string, std::string>*>(data);
    if (e->desc != nullptr && *e->desc != '\0') (n == 0 ? r->first : r->second) = e->desc;
    return 0;
  };
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, collect, &r);
  H5Eclear2(H5E_DEFAULT);
  std::string why = r.second.empty() ? r.first : r.first + ": " + r.second;
  if (why.find("unable to lock file") != std::string::npos)
    throw FileInUse(where + " is in use by another process (HDF5 could not lock it; is a run still writing it?)");
  if (why.find("errno = 28") != std::string::npos || why.find("No space left") != std::string::npos)
    SIMFORGE_FAIL("no space left on the device writing ", where, " (the file keeps what its last flush saved: free some space, "
                  "then resume)");
  // HDF5's low-level messages carry a time stamp, buffers and offsets over several lines: one line.
  for (const char* cut : {"\n", ": time = ", ", time = "})
    if (const std::size_t at = why.find(cut); at != std::string::npos) why.erase(at);
  SIMFORGE_FAIL("HDF5 ", call, " failed on ", where, why.empty() ? "" : " (", why, why.empty() ? "" : ")");
}

template <class T>
T check(T ret, const char* call, const std::string& where) {
  if (ret < 0) fail(call, where);
  return ret;
}

Handle make_type(Type t) {
  switch (t) {  // explicit little-endian file types, whatever the machine
    case Type::f32: return Handle(H5Tcopy(H5T_IEEE_F32LE));
    case Type::f64: return Handle(H5Tcopy(H5T_IEEE_F64LE));
    case Type::i64: return Handle(H5Tcopy(H5T_STD_I64LE));
    case Type::u64: return Handle(H5Tcopy(H5T_STD_U64LE));
    case Type::u8: return Handle(H5Tcopy(H5T_STD_U8LE));
    case Type::boolean: {
      // Exactly what h5py writes for numpy bool, so h5py hands back Python bools.
      Handle b(check(H5Tenum_create(H5T_NATIVE_INT8), "H5Tenum_create", "bool type"));
      const std::int8_t no = 0, yes = 1;
      check(H5Tenum_insert(b.id(), "FALSE", &no), "H5Tenum_insert", "bool type");
      check(H5Tenum_insert(b.id(), "TRUE", &yes), "H5Tenum_insert", "bool type");
      return b;
    }
  }
  SIMFORGE_FAIL("unknown HDF5 element type");
}

Handle vlen_utf8() {
  Handle t(H5Tcopy(H5T_C_S1));
  check(H5Tset_size(t.id(), H5T_VARIABLE), "H5Tset_size", "string type");
  check(H5Tset_cset(t.id(), H5T_CSET_UTF8), "H5Tset_cset", "string type");
  return t;
}

hsize elements(const std::vector<hsize>& dims) {
  hsize n = 1;
  for (hsize d : dims) n *= d;
  return n;
}

Handle simple_space(const std::vector<hsize>& dims, const std::string& where) {
  if (dims.empty()) return Handle(check(H5Screate(H5S_SCALAR), "H5Screate", where));
  return Handle(
      check(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), "H5Screate_simple", where));
}

// Writes an attribute in place when one of the same type and extent exists (a metadata update
// that moves nothing); otherwise replaces it.
void put_attribute(const Object& o, const std::string& name, const Handle& type_handle, const std::vector<hsize>& dims,
                   const void* buf) {
  silence_errors();
  const hid obj = o.id(), type = type_handle.id();
  const std::string at = o.where() + " @" + name;
  Handle space_handle = simple_space(dims, at);
  const hid space = space_handle.id();
  static const std::int64_t empty = 0;  // H5Awrite wants a buffer even for zero elements
  if (buf == nullptr) buf = &empty;
  if (check(H5Aexists(obj, name.c_str()), "H5Aexists", at) > 0) {
    Handle a(check(H5Aopen(obj, name.c_str(), H5P_DEFAULT), "H5Aopen", at));
    Handle t(check(H5Aget_type(a.id()), "H5Aget_type", at));
    Handle s(check(H5Aget_space(a.id()), "H5Aget_space", at));
    if (H5Tequal(t.id(), type) > 0 && H5Sextent_equal(s.id(), space) > 0) {
      check(H5Awrite(a.id(), type, buf), "H5Awrite", at);
      return;
    }
    a.reset();
    check(H5Adelete(obj, name.c_str()), "H5Adelete", at);
  }
  Handle a(check(H5Acreate2(obj, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT), "H5Acreate2", at));
  check(H5Awrite(a.id(), type, buf), "H5Awrite", at);
}

// An open attribute with its file type and element count, for the readers.
struct OpenAttribute {
  Handle attr, type, space;
  H5T_class_t cls = H5T_NO_CLASS;
  hssize_t n = 0;  // elements
  std::string at;  // for messages
};

OpenAttribute open_attribute(hid obj, const std::string& where, const std::string& name) {
  silence_errors();
  OpenAttribute a;
  a.at = where + " @" + name;
  if (check(H5Aexists(obj, name.c_str()), "H5Aexists", a.at) <= 0) SIMFORGE_FAIL("missing attribute ", a.at);
  a.attr = Handle(check(H5Aopen(obj, name.c_str(), H5P_DEFAULT), "H5Aopen", a.at));
  a.type = Handle(check(H5Aget_type(a.attr.id()), "H5Aget_type", a.at));
  a.space = Handle(check(H5Aget_space(a.attr.id()), "H5Aget_space", a.at));
  a.cls = H5Tget_class(a.type.id());
  a.n = check(H5Sget_simple_extent_npoints(a.space.id()), "H5Sget_simple_extent_npoints", a.at);
  return a;
}

template <class T>
T read_number(const Object& o, const std::string& name, hid memtype) {
  OpenAttribute a = open_attribute(o.id(), o.where(), name);
  SIMFORGE_CHECK((a.cls == H5T_INTEGER || a.cls == H5T_FLOAT) && a.n == 1, "attribute ", a.at,
                 " is not a single number");
  T v{};
  check(H5Aread(a.attr.id(), memtype, &v), "H5Aread", a.at);
  return v;
}

// Elements of an integer or enum buffer read with their native type: nonzero is true.
std::vector<bool> nonzero(const std::vector<unsigned char>& bytes, std::size_t size) {
  std::vector<bool> out(size == 0 ? 0 : bytes.size() / size);
  for (std::size_t i = 0; i < out.size(); ++i)
    for (std::size_t b = 0; b < size; ++b) out[i] = out[i] || bytes[i * size + b] != 0;
  return out;
}

}  // namespace

void silence_errors() {
  thread_local const bool silenced = H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr) >= 0;  // once per thread
  (void)silenced;
}

void Handle::reset() {
  if (id_ >= 0) {
    silence_errors();
    // Objects of a file closed with H5F_CLOSE_STRONG are already gone; releasing them is a no-op.
    if (H5Iis_valid(id_) > 0) H5Idec_ref(id_);
    id_ = -1;
  }
}

// ---- attributes -------------------------------------------------------------------------------

bool Object::has_attribute(const std::string& name) const {
  silence_errors();
  return check(H5Aexists(id(), name.c_str()), "H5Aexists", where() + " @" + name) > 0;
}

void Object::write_string(const std::string& name, const std::string& value) {
  const char* p = value.c_str();
  put_attribute(*this, name, vlen_utf8(), {}, &p);
}
void Object::write_strings(const std::string& name, const std::vector<std::string>& values) {
  std::vector<const char*> p;
  for (const auto& v : values) p.push_back(v.c_str());
  put_attribute(*this, name, vlen_utf8(), {values.size()}, p.data());
}

void Object::write_double(const std::string& n, double v) { put_attribute(*this, n, make_type(Type::f64), {}, &v); }
void Object::write_int(const std::string& name, std::int64_t v) {
  put_attribute(*this, name, make_type(Type::i64), {}, &v);
}
void Object::write_uint64(const std::string& name, std::uint64_t v) {
  put_attribute(*this, name, make_type(Type::u64), {}, &v);
}
void Object::write_bool(const std::string& name, bool value) {
  const std::int8_t v = value ? 1 : 0;
  put_attribute(*this, name, make_type(Type::boolean), {}, &v);
}
void Object::write_bools(const std::string& name, const std::vector<bool>& values) {
  std::vector<std::int8_t> v(values.begin(), values.end());
  put_attribute(*this, name, make_type(Type::boolean), {values.size()}, v.data());
}

std::vector<std::string> Object::read_strings(const std::string& name) const {
  OpenAttribute a = open_attribute(id(), where(), name);
  SIMFORGE_CHECK(a.cls == H5T_STRING, "attribute ", a.at, " is not a string");
  std::vector<std::string> out;
  if (a.n == 0) return out;
  // Read with a copy of the file type: HDF5 does not convert between ASCII and UTF-8 strings.
  Handle mem(check(H5Tcopy(a.type.id()), "H5Tcopy", a.at));
  if (check(H5Tis_variable_str(a.type.id()), "H5Tis_variable_str", a.at) > 0) {
    std::vector<char*> p(static_cast<std::size_t>(a.n), nullptr);
    check(H5Aread(a.attr.id(), mem.id(), p.data()), "H5Aread", a.at);
    for (char* s : p) out.emplace_back(s != nullptr ? s : "");
    H5Dvlen_reclaim(mem.id(), a.space.id(), H5P_DEFAULT, p.data());
  } else {
    const std::size_t size = H5Tget_size(a.type.id());
    std::vector<char> buf(size * static_cast<std::size_t>(a.n));
    check(H5Aread(a.attr.id(), mem.id(), buf.data()), "H5Aread", a.at);
    const bool space_pad = H5Tget_strpad(a.type.id()) == H5T_STR_SPACEPAD;
    for (hssize_t i = 0; i < a.n; ++i) {
      std::string s(buf.data() + i * size, size);
      s = s.substr(0, s.find('\0'));
      if (space_pad) s.erase(s.find_last_not_of(' ') + 1);
      out.push_back(std::move(s));
    }
  }
  return out;
}

std::string Object::read_string(const std::string& name) const {
  auto v = read_strings(name);
  SIMFORGE_CHECK(v.size() == 1, "attribute ", where(), " @", name, " holds ", v.size(), " strings, not one");
  return v[0];
}

double Object::read_double(const std::string& n) const { return read_number<double>(*this, n, H5T_NATIVE_DOUBLE); }
std::int64_t Object::read_int(const std::string& n) const {
  return read_number<std::int64_t>(*this, n, H5T_NATIVE_INT64);
}
std::uint64_t Object::read_uint64(const std::string& n) const {
  return read_number<std::uint64_t>(*this, n, H5T_NATIVE_UINT64);
}

std::vector<bool> Object::read_bools(const std::string& name) const {
  OpenAttribute a = open_attribute(id(), where(), name);
  SIMFORGE_CHECK(a.cls == H5T_ENUM || a.cls == H5T_INTEGER, "attribute ", a.at, " is not a bool");
  Handle mem(check(H5Tget_native_type(a.type.id(), H5T_DIR_DEFAULT), "H5Tget_native_type", a.at));
  const std::size_t size = H5Tget_size(mem.id());
  std::vector<unsigned char> bytes(size * static_cast<std::size_t>(a.n));
  if (a.n > 0) check(H5Aread(a.attr.id(), mem.id(), bytes.data()), "H5Aread", a.at);
  return nonzero(bytes, size);
}

bool Object::read_bool(const std::string& name) const {
  auto v = read_bools(name);
  SIMFORGE_CHECK(v.size() == 1, "attribute ", where(), " @", name, " holds ", v.size(), " values, not one bool");
  return v[0];
}

bool Object::attribute_is_numeric_scalar(const std::string& name) const {
  if (!has_attribute(name)) return false;
  OpenAttribute a = open_attribute(id(), where(), name);
  return (a.cls == H5T_INTEGER || a.cls == H5T_FLOAT) && a.n == 1;
}

// ---- datasets ---------------------------------------------------------------------------------

std::vector<hsize> Dataset::shape() const {
  silence_errors();
  Handle s(check(H5Dget_space(id()), "H5Dget_space", where()));
  const int rank = check(H5Sget_simple_extent_ndims(s.id()), "H5Sget_simple_extent_ndims", where());
  std::vector<hsize> dims(static_cast<std::size_t>(rank));
  if (rank > 0) check(H5Sget_simple_extent_dims(s.id(), dims.data(), nullptr), "H5Sget_simple_extent_dims", where());
  return dims;
}

bool Dataset::is_float() const {
  silence_errors();
  Handle t(check(H5Dget_type(id()), "H5Dget_type", where()));
  return H5Tget_class(t.id()) == H5T_FLOAT;
}

void Dataset::io(bool writing, hid memtype, void* data, const std::vector<hsize>& offset,
                 const std::vector<hsize>& count, const char* what) const {
  silence_errors();
  Handle fspace(check(H5Dget_space(id()), "H5Dget_space", where()));
  const int rank = check(H5Sget_simple_extent_ndims(fspace.id()), "H5Sget_simple_extent_ndims", where());
  SIMFORGE_CHECK(offset.size() == static_cast<std::size_t>(rank) && count.size() == offset.size(), what, " on ",
                 where(), ": selection has ", offset.size(), " dimensions, the dataset ", rank);
  const hsize total = elements(count);
  if (total == 0) return;
  if (rank > 0)
    check(H5Sselect_hyperslab(fspace.id(), H5S_SELECT_SET, offset.data(), nullptr, count.data(), nullptr),
          "H5Sselect_hyperslab", where());
  Handle mspace = simple_space(rank > 0 ? std::vector<hsize>{total} : std::vector<hsize>{}, where());
  if (writing)
    check(H5Dwrite(id(), memtype, mspace.id(), fspace.id(), H5P_DEFAULT, data), "H5Dwrite", where());
  else
    check(H5Dread(id(), memtype, mspace.id(), fspace.id(), H5P_DEFAULT, data), "H5Dread", where());
}

using Extent = std::vector<hsize>;
void Dataset::write(const float* d, const Extent& o, const Extent& c) {
  io(true, H5T_NATIVE_FLOAT, const_cast<float*>(d), o, c, "write");
}
void Dataset::write(const double* d, const Extent& o, const Extent& c) {
  io(true, H5T_NATIVE_DOUBLE, const_cast<double*>(d), o, c, "write");
}
void Dataset::write(const std::uint8_t* d, const Extent& o, const Extent& c) {
  io(true, H5T_NATIVE_UINT8, const_cast<std::uint8_t*>(d), o, c, "write");
}
void Dataset::read(float* d, const Extent& o, const Extent& c) const { io(false, H5T_NATIVE_FLOAT, d, o, c, "read"); }
void Dataset::read(double* d, const Extent& o, const Extent& c) const { io(false, H5T_NATIVE_DOUBLE, d, o, c, "read"); }
void Dataset::read(std::uint8_t* d, const Extent& o, const Extent& c) const {
  io(false, H5T_NATIVE_UINT8, d, o, c, "read");
}

void Dataset::write_all_bools(const std::vector<bool>& values) {
  Handle t = make_type(Type::boolean);
  std::vector<std::int8_t> v(values.begin(), values.end());
  io(true, t.id(), v.data(), {0}, {values.size()}, "write");
}

std::vector<double> Dataset::read_all_doubles() const {
  const Extent dims = shape();
  std::vector<double> out(elements(dims));
  read(out.data(), Extent(dims.size(), 0), dims);
  return out;
}

std::vector<std::uint8_t> Dataset::read_all_u8() const {
  const Extent dims = shape();
  Handle t(check(H5Dget_type(id()), "H5Dget_type", where()));
  if (H5Tget_class(t.id()) != H5T_ENUM) {
    std::vector<std::uint8_t> out(elements(dims));
    read(out.data(), Extent(dims.size(), 0), dims);
    return out;
  }
  // HDF5 does not convert enums to integers; read them natively and test for nonzero.
  Handle mem(check(H5Tget_native_type(t.id(), H5T_DIR_DEFAULT), "H5Tget_native_type", where()));
  const std::size_t size = H5Tget_size(mem.id());
  std::vector<unsigned char> bytes(elements(dims) * size);
  io(false, mem.id(), bytes.data(), Extent(dims.size(), 0), dims, "read");
  const std::vector<bool> b = nonzero(bytes, size);
  return std::vector<std::uint8_t>(b.begin(), b.end());
}

Dataset::Storage Dataset::storage() const {
  silence_errors();
  Handle p(check(H5Dget_create_plist(id()), "H5Dget_create_plist", where()));
  Storage st;
  if (H5Pget_layout(p.id()) == H5D_CHUNKED) {
    st.chunk.resize(32);
    const int rank = check(H5Pget_chunk(p.id(), 32, st.chunk.data()), "H5Pget_chunk", where());
    st.chunk.resize(static_cast<std::size_t>(rank));
  }
  const int n = check(H5Pget_nfilters(p.id()), "H5Pget_nfilters", where());
  for (int i = 0; i < n; ++i) {
    unsigned flags = 0, cd[8] = {};
    std::size_t ncd = 8;
    char name[64];
    const H5Z_filter_t f =
        check(H5Pget_filter2(p.id(), static_cast<unsigned>(i), &flags, &ncd, cd, sizeof name, name, nullptr),
              "H5Pget_filter2", where());
    if (f == H5Z_FILTER_DEFLATE) st.gzip_level = ncd > 0 ? static_cast<int>(cd[0]) : 1;
    if (f == H5Z_FILTER_FLETCHER32) st.fletcher32 = true;
  }
  return st;
}

void Dataset::check_chunk_index() const {
  silence_errors();
  if (storage().chunk.empty()) return;
  Handle space(check(H5Dget_space(id()), "H5Dget_space", where()));
  hsize_t n = 0;
  check(H5Dget_num_chunks(id(), space.id(), &n), "H5Dget_num_chunks", where());
  n = std::min<hsize_t>(n, 1024);  // lookups by index cost O(index): the first chunks, not all
  std::vector<hsize_t> offset(std::size_t(check(H5Sget_simple_extent_ndims(space.id()), "H5Sget_simple_extent_ndims", where())));
  for (hsize_t i = 0; i < n; ++i) {
    unsigned mask = 0;
    haddr_t addr = 0;
    hsize_t size = 0;
    check(H5Dget_chunk_info(id(), space.id(), i, offset.data(), &mask, &addr, &size), "H5Dget_chunk_info", where());
  }
}

// ---- groups -----------------------------------------------------------------------------------

bool Group::has(const std::string& name) const {
  silence_errors();
  return check(H5Lexists(id(), name.c_str(), H5P_DEFAULT), "H5Lexists", child(name)) > 0;
}

bool Group::has_kind(const std::string& name, int kind) const {
  if (!has(name)) return false;
  Handle o(check(H5Oopen(id(), name.c_str(), H5P_DEFAULT), "H5Oopen", file_ + ":" + child(name)));
  return H5Iget_type(o.id()) == kind;
}
bool Group::has_group(const std::string& name) const { return has_kind(name, H5I_GROUP); }
bool Group::has_dataset(const std::string& name) const { return has_kind(name, H5I_DATASET); }

std::vector<std::string> Group::names() const {
  silence_errors();
  std::vector<std::string> out;
  auto collect = [](hid_t, const char* name, const H5L_info_t*, void* data) -> herr_t {
    static_cast<std::vector<std::string>*>(data)->push_back(name);
    return 0;
  };
  check(H5Literate(id(), H5_INDEX_NAME, H5_ITER_INC, nullptr, collect, &out), "H5Literate", where());
  return out;
}

Group Group::group(const std::string& name) const {
  silence_errors();
  Handle g(check(H5Gopen2(id(), name.c_str(), H5P_DEFAULT), "H5Gopen2", file_ + ":" + child(name)));
  return Group(std::move(g), file_, child(name));
}

Group Group::create_group(const std::string& name) {
  silence_errors();
  const std::string at = file_ + ":" + child(name);
  Handle gcpl(check(H5Pcreate(H5P_GROUP_CREATE), "H5Pcreate", at));
  check(H5Pset_obj_track_times(gcpl.id(), 0), "H5Pset_obj_track_times", at);
  Handle g(check(H5Gcreate2(id(), name.c_str(), H5P_DEFAULT, gcpl.id(), H5P_DEFAULT), "H5Gcreate2", at));
  return Group(std::move(g), file_, child(name));
}

Dataset Group::dataset(const std::string& name, std::size_t cache_bytes) const {
  silence_errors();
  const std::string at = file_ + ":" + child(name);
  Handle dapl(check(H5Pcreate(H5P_DATASET_ACCESS), "H5Pcreate", at));
  if (cache_bytes > 0) check(H5Pset_chunk_cache(dapl.id(), 1009, cache_bytes, 0.75), "H5Pset_chunk_cache", at);
  Handle d(check(H5Dopen2(id(), name.c_str(), dapl.id()), "H5Dopen2", at));
  return Dataset(std::move(d), file_, child(name));
}

namespace {

// Each source maps onto its rows of the virtual dataset; a missing source reads as the fill value,
// NaN for floats, so that lost data never passes for numbers.
void set_virtual_sources(const Handle& dcpl, Type type, const Handle& space, const std::vector<hsize>& shape,
                         const std::vector<VirtualSource>& sources, const std::string& at) {
  if (type == Type::f32) {
    const float nan = std::numeric_limits<float>::quiet_NaN();
    check(H5Pset_fill_value(dcpl.id(), H5T_NATIVE_FLOAT, &nan), "H5Pset_fill_value", at);
  } else if (type == Type::f64) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    check(H5Pset_fill_value(dcpl.id(), H5T_NATIVE_DOUBLE, &nan), "H5Pset_fill_value", at);
  }
  for (const VirtualSource& src : sources) {
    SIMFORGE_CHECK(src.count > 0 && src.first + src.count <= shape[0], "virtual source ", src.file, ":", src.dataset, " rows [",
                   src.first, ", ", src.first + src.count, ") outside ", at, " of ", shape[0], " rows");
    std::vector<hsize> src_shape = shape, start(shape.size(), 0);
    src_shape[0] = src.count;
    start[0] = src.first;
    Handle src_space = simple_space(src_shape, at);
    Handle dst(check(H5Scopy(space.id()), "H5Scopy", at));
    check(H5Sselect_hyperslab(dst.id(), H5S_SELECT_SET, start.data(), nullptr, src_shape.data(), nullptr), "H5Sselect_hyperslab", at);
    check(H5Pset_virtual(dcpl.id(), dst.id(), src.file.c_str(), src.dataset.c_str(), src_space.id()), "H5Pset_virtual",
          at + " <- " + src.file);
  }
}

}  // namespace

std::vector<std::string> Dataset::virtual_files() const {
  silence_errors();
  Handle p(check(H5Dget_create_plist(id()), "H5Dget_create_plist", where()));
  if (H5Pget_layout(p.id()) != H5D_VIRTUAL) return {};
  std::size_t n = 0;
  check(H5Pget_virtual_count(p.id(), &n), "H5Pget_virtual_count", where());
  std::vector<std::string> files;
  for (std::size_t i = 0; i < n; ++i) {
    const ssize_t len = check(H5Pget_virtual_filename(p.id(), i, nullptr, 0), "H5Pget_virtual_filename", where());
    std::string name(std::size_t(len) + 1, '\0');
    check(H5Pget_virtual_filename(p.id(), i, name.data(), name.size()), "H5Pget_virtual_filename", where());
    name.resize(std::size_t(len));
    if (std::find(files.begin(), files.end(), name) == files.end()) files.push_back(name);
  }
  return files;
}

Dataset Group::create_dataset(const std::string& name, Type type, const std::vector<hsize>& shape, const Options& opt) {
  silence_errors();
  const std::string at = file_ + ":" + child(name);
  Handle space = simple_space(shape, at);
  Handle dcpl(check(H5Pcreate(H5P_DATASET_CREATE), "H5Pcreate", at));
  // No timestamps in object headers: the same data gives the same bytes, whenever it was written.
  check(H5Pset_obj_track_times(dcpl.id(), 0), "H5Pset_obj_track_times", at);
  Handle ftype = make_type(type);
  if (!opt.sources.empty()) {
    SIMFORGE_CHECK(opt.chunk.empty() && opt.gzip_level == 0 && !opt.fletcher32 && !shape.empty(),
                   "a virtual dataset has no chunks or filters of its own and at least one axis: ", at);
    set_virtual_sources(dcpl, type, space, shape, opt.sources, at);
  } else if (!opt.chunk.empty()) {
    SIMFORGE_CHECK(opt.chunk.size() == shape.size(), "chunk rank differs from dataset rank for ", at);
    check(H5Pset_chunk(dcpl.id(), static_cast<int>(opt.chunk.size()), opt.chunk.data()), "H5Pset_chunk", at);
    if (opt.gzip_level > 0) {
      check(H5Pset_shuffle(dcpl.id()), "H5Pset_shuffle", at);
      check(H5Pset_deflate(dcpl.id(), static_cast<unsigned>(opt.gzip_level)), "H5Pset_deflate", at);
    }
    if (opt.fletcher32) check(H5Pset_fletcher32(dcpl.id()), "H5Pset_fletcher32", at);
  } else {
    SIMFORGE_CHECK(opt.gzip_level == 0 && !opt.fletcher32, "filters need a chunked layout: ", at);
  }
  if (opt.allocate_early) check(H5Pset_alloc_time(dcpl.id(), H5D_ALLOC_TIME_EARLY), "H5Pset_alloc_time", at);
  if (opt.never_fill) check(H5Pset_fill_time(dcpl.id(), H5D_FILL_TIME_NEVER), "H5Pset_fill_time", at);
  Handle d(check(H5Dcreate2(id(), name.c_str(), ftype.id(), space.id(), H5P_DEFAULT, dcpl.id(), H5P_DEFAULT),
                 "H5Dcreate2", at));
  return Dataset(std::move(d), file_, child(name));
}

// ---- files ------------------------------------------------------------------------------------

namespace {
Handle file_access(const std::string& path) {
  silence_errors();
  Handle fapl(check(H5Pcreate(H5P_FILE_ACCESS), "H5Pcreate", path));
  // Closing the file closes every object in it, so a close really releases the file.
  check(H5Pset_fclose_degree(fapl.id(), H5F_CLOSE_STRONG), "H5Pset_fclose_degree", path);
  // Lock, but carry on where the file system has no locks (Lustre, some NFS mounts).
  check(H5Pset_file_locking(fapl.id(), true, true), "H5Pset_file_locking", path);
  return fapl;
}
}  // namespace

File File::create(const std::filesystem::path& path) {
  const std::string p = path.string();
  Handle fapl = file_access(p);
  Handle fcpl(check(H5Pcreate(H5P_FILE_CREATE), "H5Pcreate", p));
  check(H5Pset_obj_track_times(fcpl.id(), 0), "H5Pset_obj_track_times", p);
  Handle f(check(H5Fcreate(p.c_str(), H5F_ACC_TRUNC, fcpl.id(), fapl.id()), "H5Fcreate", p));
  return File(std::move(f), p);
}

File File::open(const std::filesystem::path& path, bool writable) {
  const std::string p = path.string();
  Handle fapl = file_access(p);
  Handle f(check(H5Fopen(p.c_str(), writable ? H5F_ACC_RDWR : H5F_ACC_RDONLY, fapl.id()), "H5Fopen", p));
  return File(std::move(f), p);
}

bool File::is_hdf5(const std::filesystem::path& path) {
  silence_errors();
  const htri_t r = H5Fis_hdf5(path.string().c_str());
  H5Eclear2(H5E_DEFAULT);
  return r > 0;
}

bool File::in_use(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) return false;
  // HDF5 1.10 locks with flock(): shared for readers, exclusive for writers.
  const bool busy = ::flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK;
  ::close(fd);  // also drops our lock, if we got it
  return busy;
}

Group File::root() const {
  silence_errors();
  SIMFORGE_CHECK(is_open(), "HDF5 file ", path_, " is closed");
  Handle g(check(H5Gopen2(handle_.id(), "/", H5P_DEFAULT), "H5Gopen2", path_ + ":/"));
  return Group(std::move(g), path_, "/");
}

void File::flush() {
  silence_errors();
  SIMFORGE_CHECK(is_open(), "HDF5 file ", path_, " is closed");
  check(H5Fflush(handle_.id(), H5F_SCOPE_LOCAL), "H5Fflush", path_);
  // H5Fflush hands the bytes to the OS; fsync orders them on disk too (power loss, not only kill).
  Handle fapl(check(H5Fget_access_plist(handle_.id()), "H5Fget_access_plist", path_));
  if (H5Pget_driver(fapl.id()) != H5FD_SEC2) return;
  void* vfd = nullptr;
  check(H5Fget_vfd_handle(handle_.id(), fapl.id(), &vfd), "H5Fget_vfd_handle", path_);
  SIMFORGE_CHECK(::fsync(*static_cast<int*>(vfd)) == 0, "fsync failed on ", path_, ": ", std::strerror(errno));
}

void File::close() {
  if (!is_open()) return;
  silence_errors();
  check(H5Fclose(handle_.release()), "H5Fclose", path_);
}

}  // namespace simforge::io::h5
