# Turns a text file into a C++ raw string literal body (split into chunks,
# since compilers limit the length of one literal).
file(READ ${IN} content)
string(LENGTH "${content}" len)
set(out "")
set(pos 0)
while(pos LESS len)
  string(SUBSTRING "${content}" ${pos} 8000 chunk)
  string(APPEND out "R\"caseflow_embed(${chunk})caseflow_embed\"\n")
  math(EXPR pos "${pos} + 8000")
endwhile()
file(WRITE ${OUT}.tmp "${out}")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different ${OUT}.tmp ${OUT})
